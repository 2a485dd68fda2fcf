"""The gradient check, per layer instance: the first forward/backward pair of each instance that
ran backward is checked when that backward returns (its entry is made then, so a timeout or an
exception later keeps it), by the one definition shared with TypeScript (src/constants.json,
src/engine/graph/checkRule.ts): central differences of the reader's own forward, weighted by the
dout their backward received, on a fixed-seed sample of each port's elements.

The check's budget is its own: copies are kept only for instances without a verdict yet, so a
flood of forward-only calls (gradient_check.py's numerical_gradient), big arrays or a long loop
cannot starve it; each instance gets `seconds` of checking, never fewer than MIN_PICKS elements.
"""
import copy
import io
import random
import sys
import time

from .files import describe_exception
from .ports import fields, pair_ports
from .values import float_copy, is_scalar, ndarray, np


class Checker:
    """What the recorder (and, after its cap, the watch) tells it about each call of a layer."""

    def __init__(self, seconds, emit):
        self.seconds, self.emit = seconds, emit
        self.done = set()  # instances with a verdict
        self.forward = {}  # instance -> material of its latest forward (copies taken at the call)
        self.frames = {}  # frame of a running forward/backward -> what its return needs
        self.reasons = {}  # instance -> (class, why its backward could not be checked yet)
        self.spent = 0.0  # seconds spent checking (the bench's "checks' cost")

    def wants(self, index):
        return index not in self.done

    def forget(self, index):
        """A forward that will never pair with a backward (a numerical gradient's evaluation of a
        function pair): its copies are dropped."""
        self.forward.pop(index, None)

    def on_call(self, frame, inst, index, backward, names, args, positional, call=None, label=None):
        """label: (class, method) the check names and calls, where they are not the instance's
        class and the running code's name (a function pair's stand-in is called as `__call__`)."""
        if index in self.done:
            return
        cls, method = label or (type(inst).__qualname__, frame.f_code.co_name)
        if not backward:
            self.frames[frame] = ('f', index, {
                'names': names, 'positional': positional, 'call': call, 'class': cls,
                'method': method, 'rng': (np.random.get_state() if np is not None else None, random.getstate()),
                'stand_in': inst if label else None,  # a function pair's forward, called by the check
                'args': [a.copy() if isinstance(a, ndarray) else a for a in args]})
            return
        f = self.forward.get(index)
        if f is None:
            self.reasons[index] = (cls, call, 'its backward ran with no forward before it on this instance')
            return
        try:  # the instance as its forward left it: caches and parameters (a function pair: its forward)
            snapshot = copy.deepcopy(f['stand_in'] or inst)
        except Exception as e:  # a file or a lock in an attribute
            self.reasons[index] = (f['class'], call, 'the layer could not be copied to re-run its forward (%s)' % describe_exception(e))
            return
        self.frames[frame] = ('b', index, {'forward': f, 'inst': snapshot, 'call': call,
                                           'dout': float_copy(args[0] if args else 1.0)})

    def on_return(self, frame, result, raised, inst, in_place=(), call=None):
        kind, index, m = self.frames.pop(frame)
        if kind == 'f':
            if not raised:
                m.update(call=m['call'] if call is None else call, inPlace=list(in_place), scalar=is_scalar(result))
                self.forward[index] = m
            return
        f = m['forward']
        if raised:
            self.reasons[index] = (f['class'], m['call'], 'its backward raised an exception')
            return
        grads = dict((k, v.astype(np.float64)) for k, v in list(fields(inst).items())
                     if k.startswith('d') and isinstance(v, ndarray) and v.dtype.kind in 'biuf')
        m['result'] = [float_copy(g) for g in result] if isinstance(result, (tuple, list)) else [float_copy(result)]
        m['attrs'] = grads
        self.check_now(index, f, m)

    def on_loss(self, index, call, j, grad):
        """A cs231n loss (pairs.py) returned (loss, grad), grad that of argument j: the gradient
        checked against central differences of the loss it returns (dout 1), its own backward."""
        f = self.forward.get(index)
        if f is None or index in self.done:
            return
        if f['inPlace']:  # the copies were taken when it returned: not the values it was given
            self.reasons[index] = (f['class'], call, 'it wrote into its argument %s, so it cannot be re-run on what it was given'
                                   % f['names'][f['inPlace'][0]])
            return
        result = [None] * len(f['names'])
        result[j] = float_copy(grad)
        self.check_now(index, f, {'forward': f, 'inst': f['stand_in'], 'call': call, 'dout': float_copy(1.0),
                                  'result': result, 'attrs': {}})

    def check_now(self, index, f, m):
        """Checks the pair (forward material f, backward material m) and sends its entry."""
        # the reader's forward may draw random numbers or print: neither may leak into their run
        state, py_state, out = np.random.get_state() if np is not None else None, random.getstate(), sys.stdout
        sys.stdout = io.StringIO()  # what the reader's forward prints while checked
        started = time.perf_counter()
        try:
            entry = check_pair(f, m, self.seconds)
        finally:
            self.spent += time.perf_counter() - started
            if np is not None:
                np.random.set_state(state)
            random.setstate(py_state)
            sys.stdout = out
        entry.update(instance=index, backwardCall=-1 if m['call'] is None else m['call'])
        if entry['status'] == 'unchecked' and index not in self.reasons:
            self.reasons[index] = (f['class'], m['call'], entry['reason'])
            return
        self.done.add(index)
        self.reasons.pop(index, None)
        self.emit(entry)

    def finish(self, stopped=False):
        """Not checked, with the reason: instances whose backward ran but could not be checked,
        and (stopped) those whose backward was running when the run stopped."""
        if stopped:
            for kind, index, m in list(self.frames.values()):
                if kind == 'b' and index not in self.done:
                    self.reasons[index] = (m['forward']['class'], m['call'], 'the run stopped (timeout or cancel) while its backward ran, before its check')
        for index, (cls, call, why) in sorted(self.reasons.items()):
            if index not in self.done:
                self.done.add(index)
                self.emit({'call': -1, 'backwardCall': -1 if call is None else call, 'class': cls, 'instance': index,
                           'status': 'unchecked', 'reason': why, 'inputs': [], 'params': [], 'maxAbsDiff': None, 'ok': True})
        self.reasons.clear()


def check_pair(f, b, seconds):
    """One pair's entry: each input and parameter port checked within `seconds` in all."""
    ports, labels, shape_errors = pair_ports(f, b)
    entry = {'call': -1 if f['call'] is None else f['call'], 'class': f['class'], 'inputs': [], 'params': [], 'labels': labels}
    if not ports and not shape_errors:
        why = ('backward returned no gradient (None) and set no d<param> attribute' if all(g is None for g in b['result']) and not b['attrs']
               else 'the dout its backward received is not a number or an array' if b['dout'] is None
               else 'no input or parameter of forward matches a gradient backward gave')
        entry.update(status='unchecked', reason=why, maxAbsDiff=None, ok=True)
        return entry
    deadline, left = time.perf_counter() + seconds, len(ports)
    for kind, meta, run in ports:
        share = max(0.0, deadline - time.perf_counter()) / max(1, left)
        left -= 1
        try:
            r = run(share)
        except Exception as e:  # forward fails on a perturbed copy: say so, do not stop
            r = {'maxAbsDiff': None, 'index': -1, 'checked': 0, 'kinks': 0, 'ok': False, 'error': 'forward raised %s when re-run on a copy' % describe_exception(e)}
        entry[kind].append(dict(r, **meta))
    for kind, meta, text in shape_errors:
        entry[kind].append(dict(meta, maxAbsDiff=None, index=-1, checked=0, kinks=0, ok=False, error=text))
    every = entry['inputs'] + entry['params']
    if all(p.get('error', '').startswith('forward raised') for p in every):
        entry.update(status='unchecked', reason='its forward raised an exception when re-run on a copy (%s)' % every[0]['error'][len('forward raised '):],
                     maxAbsDiff=None, ok=True)
        return entry
    diffs = [p['maxAbsDiff'] for p in every]
    ok = all(p['ok'] for p in every)
    entry.update(status='ok' if ok else 'failed', ok=ok, maxAbsDiff=None if None in diffs else max(diffs))
    return entry


def near_misses(instances):
    """One-line hints for classes with forward and no backward but a near miss of the name
    (backword, backwards, backprop, Backward): their backward is never recorded nor checked."""
    import difflib
    hints, seen = [], set()
    for inst, _ in instances:
        cls = type(inst)
        if cls in seen or callable(getattr(cls, 'backward', None)):
            continue
        seen.add(cls)
        names = [n for k in cls.__mro__[:-1] for n, v in vars(k).items() if callable(v) and n != 'forward']
        found = [n for n in names if n.lower().strip('_') in ('backprop', 'back_prop', 'backpropagate')]
        found = found or difflib.get_close_matches('backward', names, n=1, cutoff=0.75)
        if found:
            hints.append('%s has forward and %s but no backward: the tracer pairs forward with a method named '
                         'backward, so %s is not recorded nor checked (rename it backward).' % (cls.__qualname__, found[0], found[0]))
    return hints
