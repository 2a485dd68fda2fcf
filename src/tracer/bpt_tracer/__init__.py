"""Backprop Trace's tracer as a package: runs the reader's own numpy layers and records what they
computed. The entry is ../bpt_trace.py (the host runs that file); the modules:

    constants  the numbers shared with the TypeScript side (../../constants.json)
    values     V of a value (previews of big arrays), checksums, value ids, float copies
    files      which files are the reader's, and errors as the host shows them
    record     what the callback gathers: calls, ports, attributes, pairs
    hooks      the profile callback on (threads too) and off, which names it looks at, call sites
    monitor    sys.monitoring (3.12+) in place of the profile callback
    pairs      cs231n-style function pairs: affine_forward / affine_backward paired by cache
    gradcheck  the gradient check of each forward/backward pair
    ports      the ports a pair's check perturbs, and central differences on each
    output     the program's captured stdout and the result file
    cells      reading a .py file or notebook cells, and running them
    runner     arguments, signals, the run itself

Python 3.8+, stdlib + numpy; without numpy, layers on plain numbers (the book's MulLayer on floats)
are still recorded and checked (values.np is None, values.ndarray matches nothing).
"""
