"""sys.monitoring against sys.setprofile for the tracer's call/return hooks (#20 item 5), on a
pure-Python program (the book's MulLayer/AddLayer, 40 layer calls recorded and checked, among
2.4 million calls of the program's own helper functions: the hook's cost, not the recording's): CPU time (user + sys) of the whole traced run, plain
run beside it, in interleaved rounds (plain, setprofile, monitoring, then the next round), the
median of each printed as a ratio to the plain run, with the machine's load.

    python3 bench/monitoring.py [ROUNDS] [PYTHON...]   (default 5 rounds; every pyenv 3.12+ here)
"""
import glob
import os
import resource
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TRACER = os.path.join(HERE, '..', 'src', 'tracer', 'bpt_trace.py')
PROGRAM = '''
class MulLayer:
    def forward(self, x, y):
        self.x, self.y = x, y
        return x * y
    def backward(self, dout):
        return dout * self.y, dout * self.x

class AddLayer:
    def forward(self, x, y):
        return x + y
    def backward(self, dout):
        return dout, dout

def price_of(i):
    return 100 + (i % 7)

def count_of(i):
    return 1 + (i % 3)

def noise(i):
    return sum(helper(j) for j in range(20))

def helper(j):
    return j * 0.5

total = 0.0
for i in range(10):  # 10 x 4 = 40 layer calls, recorded and checked
    mul, add = MulLayer(), AddLayer()
    p = mul.forward(price_of(i), count_of(i))
    s = add.forward(p, 1.0)
    add.backward(1.0)
    mul.backward(1.0)
    total += s
for i in range(120000):  # the program's own work: 2.4 million helper calls, no layer
    total += noise(i)
print(round(total, 3))
'''


def cpu_of(argv, env):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv):
    rounds = int(argv[0]) if argv and argv[0].isdigit() else 5
    pythons = [a for a in argv if not a.isdigit()] or sorted(
        glob.glob('/root/.pyenv/versions/3.1[2-9]*/bin/python') + glob.glob(os.path.expanduser('~/.pyenv/versions/3.1[2-9]*/bin/python')))
    pythons = sorted(set(pythons))
    folder = tempfile.mkdtemp(prefix='bpt-monitoring-')
    prog, out = os.path.join(folder, 'apples.py'), os.path.join(folder, 'out.json')
    with open(prog, 'w') as fh:
        fh.write(PROGRAM)
    print('load before: %s' % os.getloadavg().__repr__())
    for py in pythons:
        modes = {'plain': ([py, prog], {}), 'setprofile': ([py, TRACER, '--out', out, '--file', prog], {'BPT_HOOK': 'profile'}),
                 'monitoring': ([py, TRACER, '--out', out, '--file', prog], {})}
        times = dict((m, []) for m in modes)
        for _ in range(rounds):
            for m, (cmd, extra) in modes.items():
                times[m].append(cpu_of(cmd, dict(os.environ, **extra)))
        med = dict((m, sorted(t)[len(t) // 2]) for m, t in times.items())
        version = subprocess.run([py, '-c', 'import sys; print(sys.version.split()[0])'], capture_output=True, text=True).stdout.strip()
        print('Python %s, %d rounds, CPU s (median): plain %.3f, setprofile %.3f (%.2fx), monitoring %.3f (%.2fx); monitoring/setprofile %.2f'
              % (version, rounds, med['plain'], med['setprofile'], med['setprofile'] / med['plain'],
                 med['monitoring'], med['monitoring'] / med['plain'], med['monitoring'] / med['setprofile']))
    print('load after: %s' % os.getloadavg().__repr__())


if __name__ == '__main__':
    main(sys.argv[1:])
