"""The gradient checks' side of the run's end (mixed into the Recorder): the "ran" record, the
queued checks, the reasons of those not checked (checker.py), and the hints."""
import os
import time

from .checker import STOP_BUDGET_S
from .gradcheck import near_misses
from .held import rebound_hint
from .hooks import thread_time


class EndOfRun:
    """Mixed into the Recorder: the checks' side of the run's end (needs its checker, sink, lock,
    timing, instances, names, own_cpu, ended and checked)."""

    def run_gradchecks(self, stopped=False, error=None):
        """The end of the run, once: a "ran" record (the reader's code is over: the host draws the
        graph, its layers "checking…"; `error`: the reader's, if their code raised), then the
        queued checks (checker.py), each sent as it is made; instances whose backward ran but could not be checked get a "not checked" entry with
        the reason; classes with a near miss of backward, and lines whose chained calls could not be
        named, a hint."""
        if self.ended or self.checked:
            return
        self.checked = True
        self.settle_losses(final=True)
        hints = near_misses((inst, i) for inst, i in self.instances.values() if inst is not None) + self.names.hints() + self.watch_hints() + plain_hints(self.plain_named)
        hints += [rebound_hint(cls, glist, i) for cls, (glist, i) in self.checker.rebound.items()]
        if hints:
            self.sink.emit({'t': 'hints', 'hints': hints})
        self.timing.setdefault('ran', time.time() * 1000)
        if not stopped:
            ran = dict({'t': 'ran', 'checking': self.checker.pending(), 'timing': dict(self.timing)}, **self.uncounted())
            self.sink.emit(dict(ran, error=error) if error else ran)
        self.run_checks(STOP_BUDGET_S if stopped else None)
        self.checker.name_raised(self.exception)
        self.checker.finish(stopped)
        self.timing['checked'] = time.time() * 1000
        self.timing['checks'] = self.checker.spent * 1000  # ms spent checking
        self.timing['tracerCpu'] = self.own_cpu * 1000  # CPU ms in the recorder's callbacks and the checks

    def due_checks(self):
        """The queued checks, from the callback, when the code still runs DUE_S after one was queued."""
        with self.lock:
            if self.checker.due and not self.checked:
                self.run_checks()

    def run_checks(self, within=None):
        """The queued checks now (the callback's own CPU counts them)."""
        started = thread_time()
        self.checker.run_queued(within)
        self.own_cpu += thread_time() - started


def plain_hints(plain):
    """One sentence for the reader's functions named forward or backward (`def forward(x, params)`):
    called, but a layer is a method of a class or a cs231n-style `affine_forward` pair."""
    if not plain:
        return []
    found = sorted(plain.items(), key=lambda kv: (kv[0].co_filename, kv[0].co_firstlineno))
    where = ' and '.join('%s (%s:%d)' % (m, os.path.basename(c.co_filename), c.co_firstlineno) for c, m in found)
    methods = sorted(set(plain.values()), reverse=True)
    names, examples = ' and '.join(methods), ', '.join('affine_' + m for m in methods)
    if len(found) == 1:
        return ['%s is a function, not a method of a class, so it was not recorded: the tracer records %s as a method of your own classes, or as a function with a layer\'s name before it (%s: cs231n style).' % (where, names, examples)]
    return ['%s are functions, not methods of a class, so they were not recorded: the tracer records %s as methods of your own classes, or as functions with a layer\'s name before them (%s: cs231n style).' % (where, names, examples)]
