#!/usr/bin/env python3
"""Backprop Trace's tracer: runs the reader's own numpy layers and records what they computed.

    python3 bpt_trace.py (--stream RECORDS.jsonl | --out RESULT.json) [--methods forward,backward] [--max-passes 20]
        [--max-calls 10000] [--stop-at-cap]
        [--gradcheck-seconds 0.5]
        [--max-output-bytes N] (--file SCRIPT.py | --cells CELLS.json)

This file is the entry the host runs; the tracer itself is the package bpt_tracer/ beside it
(its __init__ lists the modules), the shared numbers are in constants.json (beside this file in
the VSIX, src/constants.json in the sources). Python 3.8+, stdlib + numpy (layers on plain numbers
need no numpy). It writes the records as they happen to RECORDS.jsonl (what the host reads; bpt_tracer/output.py describes the
lines), and/or the one-object result (the README's schema) to RESULT.json at the end; nothing into
the reader's folders. The program's stdin, stdout and stderr are the process's own, untouched.
Exit status: 0 when the user code ran (or called sys.exit), 1 when it raised (a program that
imports numpy where it is missing: the error says so in one sentence), 4 for bad arguments;
os._exit(n) and signals end it as they would a plain run.
"""
import time

STARTED = time.time()  # the host splits Python's start from the run
import os  # noqa: E402 (the stamp above must come first)
import sys  # noqa: E402

sys.dont_write_bytecode = True  # no __pycache__ in the reader's folders, nor beside the shipped tracer


def names_numpy(argv):
    """The program's own text (its file, or the cells' JSON) names numpy."""
    for k, arg in enumerate(argv):
        path = arg.split('=', 1)[1] if arg.startswith(('--file=', '--cells=')) else argv[k + 1] if arg in ('--file', '--cells') and k + 1 < len(argv) else None
        if path:
            try:
                with open(path, 'rb') as fh:
                    return b'numpy' in fh.read()
            except OSError:
                return False
    return False


# numpy is the program's (bpt_tracer/values.py binds it once the program has imported it): a
# numpy-free program does not pay its ~230 ms. One whose text names it gets it here, before the
# profile hook is on, as a plain run imports it (under the hook, ~40 ms more); where it is
# missing, a program that imports it is told in one sentence.
if names_numpy(sys.argv[1:]):
    try:
        import numpy  # noqa: F401 (its own bytecode, before the tracer's cache below is set)
    except ImportError:
        pass
NUMPY_IMPORTED = time.time()
# What the tracer imports from the standard library, imported with their own bytecode too.
import argparse, ast, base64, copy, dis, io, json, linecache, random, signal, sysconfig, threading, traceback, types, weakref, zlib  # noqa: E401,E402,F401


def bytecode_cache():
    """The tracer's own compiled modules, kept in the user's cache folder (sys.pycache_prefix, 3.8+)
    rather than compiled again at every run (~20 ms of CPU); None where that folder cannot be ours."""
    base = os.environ.get('XDG_CACHE_HOME') or os.path.join(os.path.expanduser('~'), '.cache')
    folder = os.path.join(base, 'backprop-trace', 'pycache')
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        st = os.stat(folder)
        return folder if not hasattr(os, 'getuid') or (st.st_uid == os.getuid() and not st.st_mode & 0o022) else None
    except OSError:
        return None


CACHE = bytecode_cache() if hasattr(sys, 'pycache_prefix') else None
if CACHE:
    sys.pycache_prefix, sys.dont_write_bytecode = CACHE, False
# sys.path[0] is this file's folder now; the run replaces it with the reader's, after this import.
from bpt_tracer import runner  # noqa: E402

if CACHE:
    runner.preload()  # the rest of the package, while the cache is set
    sys.pycache_prefix, sys.dont_write_bytecode = None, True

if __name__ == '__main__':
    sys.exit(runner.main(sys.argv[1:], STARTED, NUMPY_IMPORTED))
