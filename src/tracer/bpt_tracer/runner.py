"""The run: arguments, the program's __main__, stdout capture, SIGTERM, the profile hook on while
the reader's code runs, then the gradient check and the result."""
import argparse
import linecache
import os
import signal
import sys
import time
import types

from .cells import load_sources, run_source
from .constants import GRADCHECK, TRACER_DEFAULTS
from .files import describe_error, describe_exception
from .output import open_sinks

DESCRIPTION = "Backprop Trace's tracer: runs the reader's own numpy layers and records what they computed."


def parse_args(argv):
    ap = argparse.ArgumentParser(prog='bpt_trace.py', description=DESCRIPTION)
    ap.add_argument('--stream', help='append the records to this file as they happen (what the host reads)')
    ap.add_argument('--out', help='write the result as one JSON object to this file at the end')
    ap.add_argument('--methods', default='forward,backward')
    ap.add_argument('--max-passes', type=int, default=TRACER_DEFAULTS['maxPasses'])
    ap.add_argument('--max-calls', type=int, default=TRACER_DEFAULTS['maxCalls'])
    ap.add_argument('--stop-at-cap', action='store_true')
    ap.add_argument('--gradcheck-seconds', type=float, default=GRADCHECK['seconds'])
    ap.add_argument('--max-output-bytes', type=int, default=TRACER_DEFAULTS['maxOutputBytes'])
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument('--file')
    src.add_argument('--cells')
    try:
        opts = ap.parse_args(argv)
        if not opts.out and not opts.stream:
            ap.error('one of --stream or --out is required')
    except SystemExit:
        sys.exit(4)
    # the reader's code may chdir
    opts.out, opts.stream = [os.path.abspath(p) if p else None for p in (opts.out, opts.stream)]
    return opts


def preload():
    """The modules main imports later (bpt_trace.py caches their bytecode)."""
    from . import record  # noqa: F401


def numpy_found():
    """numpy can be imported here (the tracer does not import it: values.numpy_arrived)."""
    import importlib.util
    try:
        return importlib.util.find_spec('numpy') is not None
    except (ImportError, ValueError):
        return False


def numpy_missing(e):
    """The one sentence for a program that imports numpy where it is not installed (the tracer
    itself runs without it: layers on plain numbers are recorded and checked), else None."""
    if not isinstance(e, ImportError) or (getattr(e, 'name', None) or '').split('.')[0] != 'numpy' or numpy_found():
        return None
    where = describe_error(e)
    at = ' (%s:%s imports it)' % (os.path.basename(where['file']), where['line']) if where['file'] else ''
    return {'message': 'numpy is not installed for %s%s: without numpy the tracer records only layers on plain numbers'
            % (sys.executable, at), 'kind': 'no-numpy', 'line': where['line'], 'file': where['file']}


def main(argv, started, numpy_imported):
    """Runs the reader's code under the recorder; the exit status (see ../bpt_trace.py)."""
    sys.dont_write_bytecode = True  # no __pycache__ in the reader's folders
    opts = parse_args(argv)
    from .hooks import REAL_EXIT
    from .record import Recorder
    rec = Recorder(opts, open_sinks(opts), started, numpy_imported)
    try:
        sources, script = load_sources(opts)
    except (OSError, ValueError, UnicodeDecodeError) as e:
        rec.finish('finished', {'message': 'cannot read the code: %s' % describe_exception(e), 'kind': 'input',
                                'line': None, 'file': opts.file or opts.cells})
        return 4
    # The program's stdin, stdout and stderr are the process's own (the host reads and tees the
    # pipes): sys.stdout.buffer, fileno(), isatty() and C-level writes behave as in a plain run.
    stop_with_exits(rec, REAL_EXIT)
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
    error, status, how = None, 0, 'finished'
    try:
        rec.start()  # this thread and the program's own threads
        for code, filename, line in sources:
            code = '\n' * (max(1, line) - 1) + code  # line numbers as in the reader's file or cell
            if not os.path.isfile(filename):
                linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
            # Jupyter's echo of a last expression for notebook cells only, not for a .py selection
            run_source(code, filename, main_module.__dict__, cell=script is None and '.ipynb' in filename)
    except SystemExit as e:
        sys.setprofile(None)
        if e.code not in (None, 0):
            error, status, how = describe_error(e), 1, 'exit'
    except BaseException as e:  # KeyboardInterrupt included: the result is still written
        sys.setprofile(None)
        rec.exception = e  # a backward that raised it is told its name (Checker.name_raised)
        error, status, how = numpy_missing(e) or describe_error(e), 1, 'raised'
    finally:
        rec.stop()
    rec.timing['ran'] = time.time() * 1000
    rec.run_gradchecks(error=error)
    rec.finish(how, error)
    return status


def stop_with_exits(rec, real_exit):
    """The ends the run does not reach by itself still leave their last record: SIGTERM (a timeout
    or Cancel), and os._exit in the reader's code (then after the gradient check, which has the
    copies it needs). A forked child (multiprocessing) stops recording: the records are the parent's."""
    pid = os.getpid()

    def on_term(signum, _frame):
        sys.setprofile(None)
        flush_std()
        rec.finish('signal', {'message': 'stopped by signal %d (timeout or cancel)' % signum, 'kind': 'signal',
                              'line': None, 'file': None}, signal=signum)
        real_exit(128 + signum)

    def traced_exit(code):
        if os.getpid() == pid:
            sys.setprofile(None)
            rec.timing['ran'] = time.time() * 1000
            rec.run_gradchecks()
            rec.finish('os._exit', None, code=code)
        real_exit(code)
    signal.signal(signal.SIGTERM, on_term)
    os._exit = traced_exit
    if hasattr(os, 'register_at_fork'):
        os.register_at_fork(after_in_child=rec.stop)  # its threads too


def flush_std():
    """What the program printed before a signal ends it, out before the exit (os._exit skips it)."""
    for f in (sys.stdout, sys.stderr):
        try:
            f.flush()
        except Exception:
            pass
