#!/usr/bin/env python3
"""Backprop Trace's tracer: runs the reader's own numpy layers and records what they computed.

    python3 bpt_trace.py (--stream RECORDS.jsonl | --out RESULT.json) [--methods forward,backward] [--max-passes 20]
        [--max-calls 10000] [--stop-at-cap] [--gradcheck-max 4096] [--gradcheck-budget 12288]
        [--gradcheck-seconds 0.5]
        [--max-output-bytes N] (--file SCRIPT.py | --cells CELLS.json)

This file is the entry the host runs; the tracer itself is the package bpt_tracer/ beside it
(its __init__ lists the modules), the shared numbers are in constants.json (beside this file in
the VSIX, src/constants.json in the sources). Python 3.8+, stdlib + numpy only. It writes the
records as they happen to RECORDS.jsonl (what the host reads; bpt_tracer/output.py describes the
lines), and/or the one-object result (the README's schema) to RESULT.json at the end; nothing into
the reader's folders. The program's stdin, stdout and stderr are the process's own, untouched.
Exit status: 0 when the user code ran (or called sys.exit), 1 when it raised, 3 when numpy is
missing, 4 for bad arguments; os._exit(n) and signals end it as they would a plain run.
"""
import time

STARTED = time.time()  # before numpy's import: the host splits Python's start from the run
import sys  # noqa: E402 (the stamp above must come first)

sys.dont_write_bytecode = True  # no __pycache__ beside the shipped tracer either
# sys.path[0] is this file's folder now; the run replaces it with the reader's, after this import.
from bpt_tracer import runner  # noqa: E402

NUMPY_IMPORTED = time.time()

if __name__ == '__main__':
    sys.exit(runner.main(sys.argv[1:], STARTED, NUMPY_IMPORTED))
