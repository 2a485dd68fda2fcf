"""The gradient check of one forward/backward pair, by the one definition shared with TypeScript
(src/constants.json, src/engine/graph/checkRule.ts): central differences of the reader's own
forward, weighted by the dout their backward received, on a fixed-seed sample of each port's
elements. plan_pair says at once whether a pair has anything to check; run_plan checks it within
its budget (when: checker.py). The check's budget is its own: each instance gets `seconds` of
checking, never fewer than MIN_PICKS elements.
"""
import copy
import random
import time

import numpy as np

from .checkrule import judge, sample_indices
from .constants import CACHE_NAMES, GRADCHECK, H, MIN_PICKS, PARAM_NAMES
from .files import describe_exception
from .values import float_copy


def _fields(inst):
    try:
        return object.__getattribute__(inst, '__dict__')
    except AttributeError:
        return {}


def check_pair(f, b, seconds):
    """One pair's entry: each input and parameter port checked within `seconds` in all."""
    entry, plan = plan_pair(f, b)
    return entry if plan is None else run_plan(entry, plan, seconds)


def plan_pair(f, b):
    """(entry, (ports, shape errors)) of a pair, or (its "unchecked" entry, None) when it has nothing
    to check: known without running forward."""
    ports, labels, shape_errors = pair_ports(f, b)
    entry = {'call': -1 if f['call'] is None else f['call'], 'class': f['class'], 'inputs': [], 'params': [], 'labels': labels}
    if not ports and not shape_errors:
        why = ('backward returned no gradient (None) and set no d<param> attribute' if all(g is None for g in b['result']) and not b['attrs']
               else 'the dout its backward received is not a number or an array' if b['dout'] is None
               else 'no input or parameter of forward matches a gradient backward gave')
        entry.update(status='unchecked', reason=why, maxAbsDiff=None, ok=True)
        return entry, None
    return entry, (ports, shape_errors)


def run_plan(entry, plan, seconds):
    """Runs a planned pair's checks into its entry (returned)."""
    ports, shape_errors = plan
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


def _shape(a):
    return str(tuple(np.shape(a)))  # numpy's way: (3,), (2, 3)


def pair_ports(f, b):
    """([(kind, meta, run(seconds))], labels, [(kind, meta, shape error)]) of a pair: run checks the
    port on the shared sample (fewer elements, never under MIN_PICKS, when two evaluations of
    forward per element would not fit in `seconds`)."""
    dout, grads = b['dout'], b['result']
    if dout is None:
        return [], [], []
    names, positional = f['names'], f['positional']
    # how forward was called: positional parameters, then *args, then keyword-only ones
    pos_idx = [i for i, n in enumerate(names) if not n.startswith('*')][:positional]
    star_idx = [i for i, n in enumerate(names) if n.startswith('*')]
    kw_idx = [(i, n) for i, n in enumerate(names) if i >= positional and not n.startswith('*')]
    dflat = np.asarray(dout, dtype=np.float64).reshape(-1)
    draws = [True]

    def output(inst, args):
        if draws[0]:  # a Dropout draws the same mask in every evaluation
            np.random.set_state(f['rng'][0])
            random.setstate(f['rng'][1])
        pos = [args[i] for i in pos_idx] + (list(args[star_idx[0]]) if star_idx else [])
        y = getattr(inst, f['method'])(*pos, **dict((n, args[i]) for i, n in kw_idx))
        return np.asarray(y, dtype=np.float64)

    def change(a, c):
        # sum((a - c) * dout): untouched elements cancel exactly, so rounding does not drown the change
        d = a - c
        return float(np.dot(d.reshape(-1), dflat)) if d.size == dflat.size else float(np.sum(d * dout))

    def fresh(args):  # a forward that writes into its arguments gets new copies every time
        return [a.copy() if i in f['inPlace'] and isinstance(a, np.ndarray) else a for i, a in enumerate(args)]

    def differences(base, put, analytic, inst, seconds):
        """Checks `base` (float64, perturbed in place), which enters forward through put()."""
        n = int(base.size)
        flat, exact = base.reshape(-1), analytic.reshape(-1)
        draws[0] = True
        t = time.perf_counter()
        output(inst, put())
        after = np.random.get_state()
        draws[0] = not (after[2] == f['rng'][0][2] and np.array_equal(after[1], f['rng'][0][1])) or random.getstate() != f['rng'][1]
        t, once = time.perf_counter(), time.perf_counter() - t
        y0 = output(inst, put())
        once = min(once, time.perf_counter() - t)  # the quicker of two evaluations: less noise
        fits = int(seconds / (2 * once)) if once > 0 else n
        picks = sample_indices(n, min(GRADCHECK['sample'], max(MIN_PICKS, fits)))
        probes = []
        for j in picks:
            orig = flat[j]
            flat[j] = orig + H
            yp = output(inst, put())
            flat[j] = orig - H
            ym = output(inst, put())
            flat[j] = orig
            probes.append((j, float(exact[j]), change(yp, y0) / H, change(y0, ym) / H))
        return judge(probes)

    ports, labels, errors = [], [], []
    for i, (arg, name) in enumerate(zip(f['args'], names)):
        g = grads[i] if i < len(grads) else None
        base = float_copy(arg)
        if base is None or name.startswith('*'):
            continue
        if g is None:
            labels.append(name)  # no gradient for it: labels (a loss's t), not checked
            continue
        if np.shape(g) != np.shape(base):
            errors.append(('inputs', {'arg': i, 'name': name}, 'backward returned shape %s for %s of shape %s' % (_shape(g), name, _shape(base))))
            continue
        base = np.array(base, dtype=np.float64, ndmin=0)  # integer inputs: checked on a float64 copy

        def put(i=i, base=base):
            args = fresh(f['args'])
            args[i] = float(base) if base.ndim == 0 else base.copy() if i in f['inPlace'] else base
            return args
        ports.append(('inputs', {'arg': i, 'name': name},
                      lambda s, base=base, put=put, g=g: differences(base, put, np.asarray(g, dtype=np.float64), copy.deepcopy(b['inst']), s)))
    for pname, field in sorted(_fields(b['inst']).items()):
        g = b['attrs'].get('d' + pname)
        if g is None or pname in names or not isinstance(field, np.ndarray) or field.dtype.kind != 'f':
            continue
        if pname not in PARAM_NAMES and pname in CACHE_NAMES:
            continue
        if g.shape != field.shape:
            errors.append(('params', {'name': pname}, 'd%s has shape %s but %s has %s' % (pname, _shape(g), pname, _shape(field))))
            continue

        def run(s, pname=pname, field=field, g=g):
            inst = copy.deepcopy(b['inst'])
            base = field.astype(np.float64)
            setattr(inst, pname, base)
            return differences(base, lambda: fresh(f['args']), g, inst, s)
        ports.append(('params', {'name': pname}, run))
    return ports, labels, errors


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
