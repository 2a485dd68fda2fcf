"""The gradient check: central differences of the reader's own forward against what their
backward gave, per recorded forward/backward pair, within a time budget shared by the ports."""
import copy
import io
import random
import sys
import time

import numpy as np

from .constants import ATOL, CACHE_NAMES, H, MIN_PICKS, PARAM_NAMES, RTOL
from .files import describe_exception
from .values import float_copy


def run_gradchecks(rec):
    """Checks every recorded pair within the time budget; the result goes in rec.gradchecks."""
    # the reader's forward may draw random numbers or print: neither may leak into their run
    state, py_state, out = np.random.get_state(), random.getstate(), sys.stdout
    sys.stdout = io.StringIO()  # what the reader's forward prints while checked
    try:
        rec.gradchecks = []
        pairs = [(f, b) for key, f in sorted(rec.forwards.items()) for b in [rec.backwards.get(key)] if b is not None]
        plans = [(f, b, pair_ports(f, b, rec.opts.gradcheck_max)) for f, b in pairs]
        clock = Clock(rec.opts.gradcheck_seconds, sum(len(ports) for _, _, ports in plans))
        for f, b, ports in plans:
            r = pair_result(f, [(kind, meta, run(clock.share())) for kind, meta, run in ports])
            if r is not None:
                r['backwardCall'] = b['call']
                rec.gradchecks.append(r)
    finally:
        rec.timing['checked'] = time.time() * 1000
        np.random.set_state(state)
        random.setstate(py_state)
        sys.stdout = out


class Clock:
    """The gradient check's time budget (--gradcheck-seconds): each port gets an equal share of
    what is left, so time a quick port did not use goes to the ports after it."""

    def __init__(self, seconds, ports):
        self.deadline, self.left = time.perf_counter() + seconds, ports

    def share(self):
        s = max(0.0, self.deadline - time.perf_counter()) / max(1, self.left)
        self.left -= 1
        return s


def check_pair(f, b, gmax, seconds=float('inf')):
    """One pair's check with a time budget of its own (the recorder shares one across pairs)."""
    ports = pair_ports(f, b, gmax)
    clock = Clock(seconds, len(ports))
    return pair_result(f, [(kind, meta, run(clock.share())) for kind, meta, run in ports])


def pair_result(f, done):
    """The pair's entry in "gradcheck" from its ports' results [(kind, meta, result)]."""
    inputs = [dict(r, **meta) for kind, meta, r in done if kind == 'inputs']
    params = [dict(r, **meta) for kind, meta, r in done if kind == 'params']
    if not inputs and not params:
        return None
    diffs = [r['maxAbsDiff'] for r in inputs + params]
    return {'call': f['call'], 'class': f['class'], 'inputs': inputs, 'params': params,
            'maxAbsDiff': None if None in diffs else max(diffs), 'ok': all(r['ok'] for r in inputs + params)}


def pair_ports(f, b, gmax):
    """Central differences of the reader's own forward against what their backward gave.

    loss = sum(forward(x) * dout), dout being what the paired backward received. At a kink
    (ReLU at 0) the one-sided differences disagree; an analytic value between them is a valid
    subgradient and counts as a match (reported in "kinks"). Returns the ports to check, each
    (kind, meta, run(seconds)): run checks at most gradcheck-max elements, fewer when two
    evaluations of forward per element would not fit in `seconds`.
    """
    dout, grads = b['dout'], b['result']
    if dout is None:
        return []
    names, positional = f['names'], f['positional']
    # how forward was called: positional parameters, then *args, then keyword-only ones
    pos_idx = [i for i, n in enumerate(names) if not n.startswith('*')][:positional]
    star_idx = [i for i, n in enumerate(names) if n.startswith('*')]
    kw_idx = [(i, n) for i, n in enumerate(names) if i >= positional and not n.startswith('*')]
    method = f['method']
    dflat = np.asarray(dout, dtype=np.float64).reshape(-1)

    def output(inst, args):
        if draws[0]:
            np.random.set_state(f['rng'][0])
            random.setstate(f['rng'][1])
        pos = [args[i] for i in pos_idx] + (list(args[star_idx[0]]) if star_idx else [])
        y = getattr(inst, method)(*pos, **dict((n, args[i]) for i, n in kw_idx))
        return np.asarray(y, dtype=np.float64)

    def change(a, b):
        # sum((a - b) * dout), not sum(a * dout) - sum(b * dout): elements the perturbation did not
        # touch cancel exactly, so a big output's sum does not drown the difference in rounding
        d = a - b
        if d.size == dflat.size:
            return float(np.dot(d.reshape(-1), dflat))
        return float(np.sum(d * dout))

    def fresh(args):  # a forward that writes into its arguments gets new copies every time
        return [a.copy() if i in f['inPlace'] and isinstance(a, np.ndarray) else a for i, a in enumerate(args)]

    def draws_random(inst, args):
        """Whether forward draws random numbers (Dropout): then every evaluation replays the call's state."""
        np.random.set_state(f['rng'][0])
        random.setstate(f['rng'][1])
        output(inst, args)
        after = np.random.get_state()
        return not (after[2] == f['rng'][0][2] and np.array_equal(after[1], f['rng'][0][1])) or random.getstate() != f['rng'][1]

    draws = [True]

    def differences(base, put, analytic, inst, seconds):
        """Checks `base` (float64, perturbed in place), which enters forward through put()."""
        n = int(base.size)
        flat, exact = base.reshape(-1), analytic.reshape(-1)
        draws[0] = True
        t = time.perf_counter()
        draws[0] = draws_random(inst, put())
        t, once = time.perf_counter(), time.perf_counter() - t
        y0 = output(inst, put())
        once = min(once, time.perf_counter() - t)  # the quicker of two evaluations: less noise
        fits = int(seconds / (2 * once)) if once > 0 else n
        k = min(n, gmax, max(MIN_PICKS, fits))
        picks = np.arange(n) if k == n else np.sort(np.random.default_rng(0).choice(n, k, replace=False))
        worst, where, kinks, ok = 0.0, -1, 0, True
        for j in picks:
            orig = flat[j]
            flat[j] = orig + H
            yp = output(inst, put())
            flat[j] = orig - H
            ym = output(inst, put())
            flat[j] = orig
            up, down = change(yp, y0), change(y0, ym)
            numeric, a = (up + down) / (2 * H), float(exact[j])
            left, right = down / H, up / H
            tol = ATOL + RTOL * abs(numeric)
            diff = abs(a - numeric)
            if not diff <= tol and abs(right - left) > tol and min(left, right) - tol <= a <= max(left, right) + tol:
                diff, kinks = 0.0, kinks + 1
            ok = ok and diff <= tol
            if worst == worst and (diff != diff or diff > worst or where < 0):
                worst, where = diff, int(j)
        return {'maxAbsDiff': None if worst != worst else worst, 'index': where, 'checked': int(len(picks)),
                'kinks': kinks, 'ok': bool(ok)}

    def guarded(run):  # forward fails on a perturbed copy: say so, do not stop
        def go(seconds):
            try:
                return run(seconds)
            except Exception as e:
                return {'maxAbsDiff': None, 'index': -1, 'checked': 0, 'kinks': 0, 'ok': False, 'error': describe_exception(e)}
        return go

    ports = []
    scalar_loss = f['scalar']
    for i, (arg, name) in enumerate(zip(f['args'], names)):
        g = grads[i] if i < len(grads) else None
        base = float_copy(arg)
        if g is None or base is None or name.startswith('*') or np.shape(g) != np.shape(base):
            continue
        if isinstance(arg, np.ndarray) and arg.dtype.kind in 'iu' and arg.ndim > 0:
            continue  # labels t as class indices
        if scalar_loss and i > 0 and np.size(base) and np.isin(base, (0.0, 1.0)).all():
            continue  # one-hot labels of a loss layer
        base = np.array(base, dtype=np.float64, ndmin=0)

        def put(i=i, base=base):
            args = fresh(f['args'])
            args[i] = float(base) if base.ndim == 0 else base.copy() if i in f['inPlace'] else base
            return args
        ports.append(('inputs', {'arg': i, 'name': name}, guarded(
            lambda s, base=base, put=put, g=g: differences(base, put, np.asarray(g, dtype=np.float64), copy.deepcopy(f['inst']), s))))
    for pname, field in sorted(object.__getattribute__(f['inst'], '__dict__').items()):
        g = b['attrs'].get('d' + pname)
        if g is None or pname in names or not isinstance(field, np.ndarray) or field.dtype.kind != 'f':
            continue
        if pname not in PARAM_NAMES and pname in CACHE_NAMES or g.shape != field.shape:
            continue

        def run(s, pname=pname, field=field, g=g):
            inst = copy.deepcopy(f['inst'])
            base = field.astype(np.float64)
            setattr(inst, pname, base)
            return differences(base, lambda: fresh(f['args']), g, inst, s)
        ports.append(('params', {'name': pname}, guarded(run)))
    return ports
