"""When each layer instance's gradient check runs (the check itself: gradcheck.py). The first
forward/backward pair of each instance that ran backward is checked, and any other backward on
that same forward (its own dout); copies are kept only for instances without a verdict yet, so
numerical_gradient's flood of forwards, big arrays or a long loop cannot starve it (after the cap
the watch, aftercap.py, keeps the latest forward's copies and the random state of classes that draw,
and gives up after hooks.WATCH_MAX forwards in a row, saying so).

When that backward returns, the pair is planned (nothing to check: its reason at once, and the
instance's next pair is tried) and queued with its check's copies (the instance as its backward
found it, forward's arguments, dout, the gradients), so the check judges the layer as it was at
that backward whatever the program does later. The queue runs:
- when the reader's code has ended, after the "ran" record: the host draws the graph first and the
  verdicts arrive in it (a short program's checks no longer delay its graph);
- DUE_S after a check was queued, if the code still runs (a long program gets its verdicts on the
  way, as a timeout later keeps them): the recorder's callback runs it at its next event;
- at the recording's cap, and after it at once (hooks.py's cap, aftercap.py's watch);
- at SIGTERM (a timeout or Cancel), within STOP_BUDGET_S of the host's 1 s grace before SIGKILL.
A check the run's end did not let run or finish says so with the reason (finish).
"""
import _thread
import copy
import io
import os
import random
import traceback
import sys
import time

from .draws import generators, kept, restore, rng_objects, rng_state
from .files import describe_exception, is_user_file
from .gradcheck import plan_pair, run_plan
from .held import fields, held_grads, held_params, listed_ids, rebound
from .pairs import FunctionLayer, outputs_of, several_douts
from .portshapes import gradients_of
from .values import float_copy, is_scalar, ndarray, np_random

DUE_S = 1.0  # a queued check waits this long for the code to end before it runs during the run
STOP_BUDGET_S = 0.6  # at SIGTERM: the queued checks' time in all (the host kills after 1 s)


def _frozen(a):
    """A copy of a non-array argument that may change later (a list, a dict), else the value itself."""
    if isinstance(a, (list, dict, set)):
        try:
            return copy.deepcopy(a)
        except Exception:  # something that cannot be copied: kept as it is
            return a
    return a


def raised_place(exc, frame=None, tb=None):
    """Where a backward raised, as `layers.py:42`: the innermost of the reader's frames in the
    exception's traceback (tb, while it unwinds), else the line the backward's own frame was on when it unwound."""
    tb = tb or getattr(exc, '__traceback__', None)
    user = [fr for fr in traceback.extract_tb(tb) if is_user_file(fr.filename)] if tb is not None else []
    if user:
        return '%s:%d' % (os.path.basename(user[-1].filename.split('#')[0]), user[-1].lineno)
    if frame is not None:
        return '%s:%d' % (os.path.basename(frame.f_code.co_filename.split('#')[0]), frame.f_lineno)
    return None


def raised_reason(exc, place):
    """The reason a backward that raised is not checked, naming the exception and where when known."""
    if exc is not None:
        name = describe_exception(exc)
        return 'its backward raised %s (%s)' % (name, place) if place else 'its backward raised %s' % name
    return 'its backward raised an exception (%s)' % place if place else 'its backward raised an exception'


class Checker:
    """What the recorder (and, after its cap, the watch) tells it about each call of a layer."""

    def __init__(self, seconds, emit):
        self.seconds, self.emit = seconds, emit
        self.done = set()  # instances with a verdict
        self.queued = {}  # instance -> (entry, plan, forward, backward material), in the order queued
        self.current = None  # (instance, entry) being checked: a signal in its check does not run it again
        self.due = False  # set by a timer DUE_S after a check was queued: the callback runs the queue
        self.timer = False
        self.forward = {}  # instance -> material of its latest forward (copies taken at the call)
        self.frames = {}  # frame of a running forward/backward -> what its return needs
        self.reasons = {}  # instance -> (class, why its backward could not be checked yet)
        self.unseeded = []  # material of running forwards (rng='c_call') whose random state is not taken yet
        self.spent = 0.0  # seconds spent checking (the bench's "checks' cost")
        self.paired = {}  # instance -> material of the forward its first checked backward had (again)
        self.raised = {}  # instance -> (backward's frame, place): its exception unknown yet (sys.setprofile does not give it)
        self.rebound = {}  # class -> (gradients' list, place) its backward put a new array at (held.rebound_hint)

    def wants(self, index):
        return index not in self.done and index not in self.queued

    def forget(self, index):
        """A forward that will never pair with a backward (a numerical gradient's evaluation of a
        function pair): its copies are dropped."""
        self.forward.pop(index, None)

    def on_call(self, frame, inst, index, backward, names, args, positional, call=None, label=None, rng='now', again=False, late=False):
        """label: (class, method) the check names and calls, where they are not the instance's
        class and the running code's name (a function pair's stand-in is called as `__call__`).
        rng, a forward's random state (the global generators'; ~60 us): 'now'; 'c_call', taken at its
        first call into one (seed_taken: the profile hook sees C calls), or never if it draws none;
        a state taken already; or None (after the cap, a class not seen drawing: aftercap.py), and
        a forward that draws after all is not checked, its check says why (ports.py).
        late: told after the forward ran (aftercap.py), its own generators' states (draws.py) too late.
        again: a backward on the forward an earlier backward of this instance had: checked too,
        against that forward's arguments, with its own dout."""
        if not self.wants(index) and not (backward and again and index in self.paired):
            return
        cls, method = label or (type(inst).__qualname__, frame.f_code.co_name)
        if not backward:
            self.frames[frame] = ('f', index, {
                'names': names, 'positional': positional, 'call': call, 'class': cls,
                'method': method, 'rng': rng_state() if rng == 'now' else None if rng in ('c_call', None) else rng,
                'lateRng': rng is None, 'stand_in': inst if label else None,  # a function pair's forward, called by the check
                'gens': generators(inst, frame, rng_objects(), args), 'lateGens': late, 'ids': dict((k, id(v)) for k, v in fields(inst).items()),
                'args': [a.copy() if isinstance(a, ndarray) else a for a in args]})
            if rng == 'c_call':
                self.unseeded.append(self.frames[frame][2])
            return
        f = self.paired.get(index) if again else self.forward.get(index)
        if f is None:
            self.reasons[index] = (cls, call, 'its backward ran with no forward before it on this instance')
            return
        try:  # the instance as its forward left it: caches and parameters (a function pair: its forward)
            snapshot = copy.deepcopy(f['stand_in'] or inst)
        except Exception as e:  # a file or a lock in an attribute
            self.reasons[index] = (f['class'], call, 'the layer could not be copied to re-run its forward (%s)' % describe_exception(e))
            return
        douts = several_douts(f.get('outs'), args)  # a forward of several outputs: each with its dout
        snapshot = FunctionLayer(snapshot.fn, True, len(douts)) if douts and f['stand_in'] else snapshot
        self.frames[frame] = ('b', index, {'forward': f, 'inst': snapshot, 'call': call, 'again': again, 'name': frame.f_code.co_name,
                                           'dout': [float_copy(d) for d in douts] if douts else float_copy(args[0] if args else 1.0),
                                           'held': dict((n, g) for n, (_, g, _) in held_params(inst).items()), 'ids': listed_ids(fields(inst))})

    def seed_taken(self):
        """A call into the global random generators: the forwards running now (rng='c_call') take
        the state they started with, which nothing has drawn from yet."""
        state = rng_state()
        for m in self.unseeded:
            if m['rng'] is None:
                m['rng'] = state
        del self.unseeded[:]

    def on_return(self, frame, result, raised, inst, in_place=(), call=None, exc=None):
        """raised: the call exited by an exception; exc, that exception when the hook gave it
        (sys.monitoring's PY_UNWIND, the watch after the cap), else named at the run's end if the
        program died of it (name_raised)."""
        kind, index, m = self.frames.pop(frame)
        if kind == 'f':
            if self.unseeded and not any(k == 'f' for k, _, _ in self.frames.values()):  # none of them drew
                del self.unseeded[:]
            if not raised:
                m.update(call=m['call'] if call is None else call, inPlace=list(in_place), scalar=is_scalar(result), outs=outputs_of(result, pair=m['stand_in'] is not None),
                         set=[k for k, v in fields(inst).items() if m['ids'].get(k) != id(v)])  # attributes forward bound (ports.SetByForward)
                self.forward[index] = m
            return
        f = m['forward']
        if raised:
            place = raised_place(exc, frame if hasattr(frame, 'f_lineno') else None)  # after the cap: a Token
            self.reasons[index] = (f['class'], m['call'], raised_reason(exc, place))
            if exc is None and hasattr(frame, 'f_lineno'):
                self.raised[index] = (frame, place)
            return
        m['attrs'] = gradients_of(fields(inst))  # a one-number db too (values.py)
        m['result'] = [float_copy(g) for g in result] if isinstance(result, (tuple, list)) else [float_copy(result)]
        m['returned'] = None if result is None or isinstance(result, (tuple, list, ndarray)) or is_scalar(result) else type(result).__name__  # a dict: said
        m['held'] = held_grads(m['held'], m['inst'], inst) if m['held'] else {}
        moved = m['ids'] and rebound(m['ids'], fields(inst))  # self.grads[0] = dW: a new array there
        if moved:
            self.rebound.setdefault(f['class'], moved)
        self.queue(index, f, m)

    def on_loss(self, index, call, j, grad):
        """A cs231n loss (pairs.py) returned (loss, grad), grad that of argument j: the gradient
        checked against central differences of the loss it returns (dout 1), its own backward.
        Returns what queue() takes, copied now, for the recorder to queue or drop (pairs.py), else None."""
        f = self.forward.get(index)
        if f is None or not self.wants(index):
            return None
        if f['inPlace']:  # the copies were taken when it returned: not the values it was given
            self.reasons[index] = (f['class'], call, 'it wrote into its argument %s, so it cannot be re-run on what it was given'
                                   % f['names'][f['inPlace'][0]])
            return None
        result = [None] * len(f['names'])
        result[j] = float_copy(grad)
        return index, f, {'forward': f, 'inst': f['stand_in'], 'call': call, 'dout': float_copy(1.0), 'result': result, 'attrs': {}}

    def new_forward(self, index):
        """The instance ran forward again: a later backward pairs with that one, not the one kept."""
        self.paired.pop(index, None)

    def queue(self, index, f, m):
        """The pair planned, and queued with its copies (or its reason now). Another backward on
        the same forward (m['again']) is queued under (instance, its call), its entry its own."""
        if f['rng'] is None:  # its forward drew no random number: any state re-runs it alike
            f['rng'] = rng_state()
        entry, plan = plan_pair(f, m)
        entry.update(instance=index, backwardCall=-1 if m['call'] is None else m['call'])
        if m.get('again'):  # named: batchnorm_backward_alt's verdict is not batchnorm_backward's
            entry['again'] = m['name']
            if plan is None:
                self.emit(entry)
            else:
                self.queued[(index, m['call'])] = (entry, plan, f, m)
            return
        if plan is None:  # nothing to check in this pair: its reason now, and the instance's next pair tried
            if index not in self.reasons:
                self.reasons[index] = (f['class'], m['call'], entry['reason'])
            else:  # the second such pair: its entry is the verdict
                self.verdict(index, entry)
            return
        # forward's other arguments (a list, a dict) as they were, whatever the program does to them later
        f['args'] = [a if isinstance(a, ndarray) else _frozen(a) for a in f['args']]
        self.forward.pop(index, None)
        self.paired[index] = f  # a second backward on this forward is checked against it too
        self.queued[index] = (entry, plan, f, m)
        if not self.timer:
            self.timer = True
            _thread.start_new_thread(self._wait, ())  # not a threading.Thread: the program does not see it

    def _wait(self):
        time.sleep(DUE_S)
        self.due = True

    def verdict(self, index, entry):
        """index: an instance, or (instance, backward call) for another backward on the same forward."""
        self.done.add(index)
        self.reasons.pop(index, None)
        self.emit(entry)

    def run_queued(self, within=None):
        """The queued checks, in the order queued, each sent as it is made; `within`: seconds for
        all of them (each gets its share, at most its own budget), the rest left queued."""
        self.due = self.timer = False
        deadline = None if within is None else time.perf_counter() + within
        for key in list(self.queued):
            seconds = self.seconds
            if deadline is not None:
                seconds = min(seconds, (deadline - time.perf_counter()) / max(1, len(self.queued)))
                if seconds <= 0:
                    return
            entry, plan, f, _ = self.queued.pop(key)
            self.current = (key, entry)
            self.verdict(key, self.run_one(entry, plan, seconds, f.get('gens')))
            self.current = None

    def run_one(self, entry, plan, seconds, gens=None):
        # the reader's forward may draw random numbers or print: neither may leak into their run
        (state, py_state), out, own = rng_state(), sys.stdout, kept(gens) if gens else ()
        sys.stdout = io.StringIO()  # what the reader's forward prints while checked
        started = time.perf_counter()
        try:
            return run_plan(entry, plan, seconds)
        finally:
            self.spent += time.perf_counter() - started
            if state is not None:
                np_random().set_state(state)
            random.setstate(py_state)
            restore(own)
            sys.stdout = out

    def pending(self):
        """The instances whose check is queued (the "ran" record names them: the host says checking…)."""
        return sorted(set(k if isinstance(k, int) else k[0] for k in self.queued))

    def name_raised(self, exc, tb=None):
        """The program died of `exc`, or caught it (caught.py, with its traceback `tb` so far): a
        backward that raised it (its frame is in the traceback) and was not told its exception by
        the hook is told it now."""
        frames = set()
        tb = tb or getattr(exc, '__traceback__', None)
        at = tb
        while at is not None:
            frames.add(id(at.tb_frame))
            at = at.tb_next
        for index, (frame, place) in list(self.raised.items()):
            if id(frame) in frames and index in self.reasons:
                cls, call, _ = self.reasons[index]
                self.reasons[index] = (cls, call, raised_reason(exc, raised_place(exc, tb=tb) or place))
                del self.raised[index]

    def finish(self, stopped=False):
        """Not checked, with the reason: instances whose backward ran but could not be checked,
        and (stopped) those whose backward was running, or whose check was queued or running,
        when the run stopped."""
        if stopped:
            for kind, index, m in list(self.frames.values()):
                if kind == 'b' and self.wants(index):
                    self.reasons[index] = (m['forward']['class'], m['call'], 'the run stopped (timeout or cancel) while its backward ran, before its check')
            for index, (entry, _, f, m) in list(self.queued.items()):
                self.reasons[index] = (f['class'], m['call'], 'the run stopped (timeout or cancel) before its check could run')
            self.queued.clear()
            if self.current is not None and self.current[0] not in self.done:
                index, entry = self.current
                self.reasons[index] = (entry['class'], entry['backwardCall'], 'the run stopped (timeout or cancel) while it was being checked')
        for key, (cls, call, why) in sorted(self.reasons.items(), key=lambda kv: kv[0] if isinstance(kv[0], tuple) else (kv[0], -1)):
            if key not in self.done:
                self.done.add(key)
                self.emit({'call': -1, 'backwardCall': -1 if call is None else call, 'class': cls, 'instance': key if isinstance(key, int) else key[0],
                           'status': 'unchecked', 'reason': why, 'inputs': [], 'params': [], 'maxAbsDiff': None, 'ok': True})
        self.reasons.clear()
