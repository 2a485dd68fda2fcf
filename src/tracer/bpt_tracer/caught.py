"""Which exception a recorded backward raised, on Python 3.8-3.11, where sys.setprofile's return
event does not pass it (sys.monitoring's PY_UNWIND does: monitor.py). When a backward exits by an
exception, the frame it returns to gets a local trace function for one event: the interpreter
calls a frame's f_trace with 'exception' as an exception unwinds into it, once sys.settrace is on.
So a program that catches the exception (try: layer.backward(dout) except ValueError: ...) has its
backward's verdict name it, as one that dies of it does (Checker.name_raised).

sys.settrace is on only from that return to that event, or to the next Python call or return (the
exception swallowed on the way by C code, as hasattr does): a program whose backwards never raise
pays nothing. A program with a trace function of its own (coverage, a debugger) is left alone,
and its verdict names the line only, as it did.
"""
import sys


class Catch:
    """arm(frame): the backward `frame` exited by an exception the hook did not give; told(exc, tb)
    gets it as it reaches the frame below (Checker.name_raised names the backwards it passed through)."""

    def __init__(self, rec):
        self.rec = rec  # the Recorder: its lock and checker
        self.frame = None  # the frame waiting for the exception

    def arm(self, frame):
        caller = frame.f_back
        if caller is None or self.frame is not None or sys.gettrace() is not None:
            return
        if not any(fr is frame for fr, _ in self.rec.checker.raised.values()):  # named already, or not a backward
            return
        self.frame = caller
        caller.f_trace_lines = False  # its line events stay off: the exception is all it waits for
        caller.f_trace = self.local
        sys.settrace(self.other)

    def disarm(self):
        frame, self.frame = self.frame, None
        if frame is not None:
            frame.f_trace = None
            frame.f_trace_lines = True
            sys.settrace(None)

    def told(self, exc, tb):
        with self.rec.lock:
            self.rec.checker.name_raised(exc, tb)

    def local(self, _frame, event, arg):
        self.disarm()
        if event == 'exception':
            self.told(arg[1], arg[2])  # its traceback so far: not on the exception until a handler takes it

    def other(self, _frame, _event, _arg):
        """A Python call before the exception reached the frame: something caught it on the way."""
        self.disarm()
