"""sys.monitoring (Python 3.12+, PEP 669) for the recorder's call and return events, in place of
sys.setprofile where it exists: a function whose name is not a layer's (hooks.kind_of) costs one
callback at its first call and none after (DISABLE turns its start event off), and returns are
watched only in the layer functions themselves (local events), so the reader's other Python
code runs at nearly full speed while recording. The same Hooks.profile does the recording; the
program's threads are covered too (monitoring is process-wide). A check due during the run
(checker.py) runs at the next layer call or the first call of a function not seen before, not at
any call as with sys.setprofile. BPT_HOOK=profile in the
environment keeps sys.setprofile (the bench compares the two: bench/monitoring.py).
"""
import os
import sys

MON = getattr(sys, 'monitoring', None)


class Monitor:
    """Start: True when monitoring is on (else the caller uses sys.setprofile); stop: off, once."""

    def __init__(self, hooks):
        self.hooks, self.on, self.codes = hooks, False, set()

    def start(self):
        if MON is None or os.environ.get('BPT_HOOK') == 'profile':
            return False
        try:
            MON.use_tool_id(MON.PROFILER_ID, 'backprop-trace')
        except ValueError:  # another profiler holds the id: sys.setprofile then
            return False
        events = MON.events
        MON.register_callback(MON.PROFILER_ID, events.PY_START, self.started)
        MON.register_callback(MON.PROFILER_ID, events.PY_RETURN, self.returned)
        MON.register_callback(MON.PROFILER_ID, events.PY_YIELD, self.returned)  # a generator forward's first yield
        MON.register_callback(MON.PROFILER_ID, events.PY_UNWIND, self.unwound)  # raised: cannot be a local event
        MON.set_events(MON.PROFILER_ID, events.PY_START | events.PY_UNWIND)
        self.on = True
        return True

    def stop(self):
        if not self.on:
            return
        self.on = False
        tool, events = MON.PROFILER_ID, MON.events
        MON.set_events(tool, 0)
        for code in self.codes:
            MON.set_local_events(tool, code, 0)
        for event in (events.PY_START, events.PY_RETURN, events.PY_YIELD, events.PY_UNWIND):
            MON.register_callback(tool, event, None)
        MON.free_tool_id(tool)

    def started(self, code, _offset):
        hooks = self.hooks
        kind = hooks.kinds.get(code.co_name)
        if kind is None:
            kind = hooks.kinds[code.co_name] = hooks.kind_of(code.co_name)
        if not kind:
            if hooks.checker.due:  # a queued check is due (checker.py): at a layer's event, or here
                hooks.due_checks()
            return MON.DISABLE  # never a layer: this function's calls cost nothing from now on
        if code not in self.codes:
            self.codes.add(code)
            MON.set_local_events(MON.PROFILER_ID, code, MON.events.PY_RETURN | MON.events.PY_YIELD)
        hooks.profile(sys._getframe(1), 'call', None)  # the callback runs in the started function's frame

    def returned(self, _code, _offset, value):
        frame = sys._getframe(1)
        if frame in self.hooks.pending:
            self.hooks.profile(frame, 'return', value)

    def unwound(self, _code, _offset, exc):
        frame = sys._getframe(1)
        if frame in self.hooks.pending:
            self.hooks.raising = exc  # a backward's check says which exception (checker.py)
            try:
                self.hooks.profile(frame, 'return', None)
            finally:
                self.hooks.raising = None
