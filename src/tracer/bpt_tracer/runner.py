"""The run: arguments, the program's __main__, stdout capture, SIGTERM, the profile hook on while
the reader's code runs, then the gradient check and the result."""
import argparse
import json
import linecache
import os
import signal
import sys
import time
import types

from .cells import load_sources, run_source
from .constants import GRADCHECK, TRACER_DEFAULTS
from .files import describe_error, describe_exception
from .output import StdoutCapture
from .values import np

DESCRIPTION = "Backprop Trace's tracer: runs the reader's own numpy layers and records what they computed."


def parse_args(argv):
    ap = argparse.ArgumentParser(prog='bpt_trace.py', description=DESCRIPTION)
    ap.add_argument('--out', required=True)
    ap.add_argument('--methods', default='forward,backward')
    ap.add_argument('--max-passes', type=int, default=TRACER_DEFAULTS['maxPasses'])
    ap.add_argument('--max-calls', type=int, default=TRACER_DEFAULTS['maxCalls'])
    ap.add_argument('--stop-at-cap', action='store_true')
    ap.add_argument('--gradcheck-max', type=int, default=GRADCHECK['max'])
    ap.add_argument('--gradcheck-budget', type=int, default=GRADCHECK['budget'])
    ap.add_argument('--gradcheck-seconds', type=float, default=GRADCHECK['seconds'])
    ap.add_argument('--max-output-bytes', type=int, default=TRACER_DEFAULTS['maxOutputBytes'])
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument('--file')
    src.add_argument('--cells')
    try:
        opts = ap.parse_args(argv)
    except SystemExit:
        sys.exit(4)
    opts.out = os.path.abspath(opts.out)  # the reader's code may chdir
    return opts


def main(argv, started, numpy_imported):
    """Runs the reader's code under the recorder; the exit status (see ../bpt_trace.py)."""
    sys.dont_write_bytecode = True  # no __pycache__ in the reader's folders
    opts = parse_args(argv)
    if np is None:
        with open(opts.out, 'w', encoding='utf-8') as fh:
            json.dump({'version': 1, 'python': '%d.%d.%d' % sys.version_info[:3], 'calls': [], 'gradcheck': [],
                       'passes': 0, 'capped': False, 'truncated': False, 'stdout': '',
                       'error': {'message': 'numpy is not installed for %s' % sys.executable, 'kind': 'no-numpy',
                                 'line': None, 'file': None}}, fh)
        return 3
    from .record import Recorder  # needs numpy: imported once numpy is known to be there
    rec = Recorder(opts, started, numpy_imported)
    try:
        sources, script = load_sources(opts)
    except (OSError, ValueError, UnicodeDecodeError) as e:
        rec.write({'message': 'cannot read the code: %s' % describe_exception(e), 'kind': 'input',
                   'line': None, 'file': opts.file or opts.cells})
        return 4
    # The user's stdout goes into the result; C code writing to fd 1 lands on stderr.
    sys.stdout.flush()
    os.dup2(2, 1)
    rec.stdout = sys.stdout = StdoutCapture()

    def on_term(signum, _frame):  # a timeout or Cancel: keep what was recorded
        sys.setprofile(None)
        rec.write({'message': 'stopped by signal %d (timeout or cancel)' % signum, 'kind': 'signal',
                   'line': None, 'file': None})
        os._exit(128 + signum)
    signal.signal(signal.SIGTERM, on_term)
    main_module = types.ModuleType('__main__')
    main_module.__dict__.update(__builtins__=__builtins__, __file__=script, __spec__=None)
    if script is None:
        del main_module.__file__
    sys.modules['__main__'] = main_module
    sys.argv = [script or '']
    sys.path[0] = os.path.dirname(script) if script else ''
    for code, filename, _ in sources:  # cells' directory first, as in Jupyter
        if script is None and os.path.isabs(filename):
            folder = os.path.dirname(filename.split('#')[0])
            if os.path.isdir(folder) and folder not in sys.path:
                sys.path.insert(0, folder)
    error, status = None, 0
    try:
        sys.setprofile(rec.profile)
        for code, filename, line in sources:
            code = '\n' * (max(1, line) - 1) + code  # line numbers as in the reader's file or cell
            if not os.path.isfile(filename):
                linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
            # Jupyter's echo of a last expression for notebook cells only, not for a .py selection
            run_source(code, filename, main_module.__dict__, cell=script is None and '.ipynb' in filename)
    except SystemExit as e:
        sys.setprofile(None)
        if e.code not in (None, 0):
            error, status = describe_error(e), 1
    except BaseException as e:  # KeyboardInterrupt included: the result is still written
        sys.setprofile(None)
        error, status = describe_error(e), 1
    finally:
        sys.setprofile(None)
    rec.timing['ran'] = time.time() * 1000
    rec.run_gradchecks()
    rec.write(error)
    return status
