"""Backprop Trace's tracer as a package: runs the reader's own numpy layers and records what they
computed. The entry is ../bpt_trace.py (the host runs that file); the modules:

    constants  the numbers shared with the TypeScript side (../../constants.json)
    values     V of a value (previews of big arrays), checksums, value ids, float copies
    files      which files are the reader's, and errors as the host shows them
    record     the sys.setprofile callback: calls, ports, attributes, pairs
    gradcheck  the gradient check of each forward/backward pair
    output     the program's captured stdout and the result file
    cells      reading a .py file or notebook cells, and running them
    runner     arguments, signals, the run itself

Python 3.8+, stdlib + numpy only.
"""
