"""The ports of one forward/backward pair the gradient check perturbs (gradcheck.py): each input
backward gave a gradient for, each parameter attribute with a d<name>, and each parameter held as
an object (dlcourse.ai's `self.W = Param(w)`: W.value, its gradient W.grad; held.py finds them,
in a dict or list on the layer too); and how a port is
checked: central differences of the reader's own forward, re-run on copies, weighted by the dout
its backward received, on the shared sample of the port's elements (checkrule.py).

Without numpy (the book's MulLayer on floats) the ports are numbers: a port's values are a
one-element list and forward's output a float; with numpy, float64 arrays as before.
"""
import copy
import random
import time

from .checkrule import judge, sample_indices
from .constants import CACHE_NAMES, GRADCHECK, H, MIN_PICKS, PARAM_NAMES
from .draws import moved, rewind
from .held import fields, locate, param_fields
from .portshapes import broadcast_advice, dims, extra_axes, grad_name, gradients_given, off_shape, shape_advice
from .values import flat_of, float_copy, is_scalar, ndarray, np, np_random


STEP_SLACK = 1e-3  # a step float64 kept to within 0.1% of h: |x| up to ~1e9 (2**53 + 1 keeps none of it)


class LateDraw(Exception):
    """Forward draws random numbers, and the state it drew from was not kept (its class drew
    none while recorded, and this forward ran after the recording's cap: aftercap.py)."""


class Unmovable(LateDraw):
    """A value so large that float64 cannot move it by the check's step h (2**53 + 1 + 0.0001 is
    2**53 + 1): central differences there would be 0, a false FAILED. The pair is not checked."""


class SetByForward(Exception):
    """A gradient backward gave an attribute that forward sets itself before using it (the
    sequel's TimeRNN: self.h = np.zeros(...), then dh for the initial state): moving the attribute
    moves nothing (every slope exactly 0), so it is not a parameter. Its gradient's name."""


UNMOVABLE = "%s is too large for the check's step (h = %s) to move it in float64 (%s of its values, up to %s): central differences there would not be the gradient"
LATE_DRAW = "its forward draws random numbers, and this forward ran after the recording's cap, when the tracer keeps the random state only for layers seen drawing while recorded: re-run on other numbers, it cannot be checked"
LATE_GENERATOR = "its forward draws random numbers from a generator of its own, and this forward ran after the recording's cap, when the tracer does not keep such a generator's state: re-run on other numbers, it cannot be checked"
UNREPEATABLE = "its forward gave a different output when re-run on the same copy (it draws random numbers from a generator the tracer could not rewind, or reads something that changes between calls), so central differences of it would not be its gradient"


def rng_moved(rng):
    """Has anything drawn from the global random generators since their state was `rng` (draws.rng_state)?"""
    if random.getstate() != rng[1]:
        return True
    if rng[0] is None:  # numpy.random was not imported then: is it now?
        return np_random() is not None
    after = np.random.get_state()
    return not (after[2] == rng[0][2] and np.array_equal(after[1], rng[0][1]))


def as_floats(v):
    """(float64 values the check perturbs in place, their flat view): an array, or a 0-d array
    for a number; without numpy, a one-element list for both."""
    if np is None:
        base = [float(v)]
        return base, base
    # integer inputs: checked on a float64 copy; in C order, so that the flat view perturbs it (a
    # transposed parameter, the sequel's TimeAffine(embed_W.T, b), kept its order: reshape(-1)
    # made a copy, and every central difference read 0)
    base = np.array(v, dtype=np.float64, order='C', ndmin=0)
    return base, base.reshape(-1)


def rounding(y):
    """The relative rounding of an output narrower than float64 (float32: 1.2e-7; the sequel's
    models compute in float32), else 0."""
    kind = getattr(getattr(y, 'dtype', None), 'kind', '')
    return float(np.finfo(y.dtype).eps) if kind == 'f' and y.dtype.itemsize < 8 else 0.0


def output_for(outputs, dout):
    """Of a forward's several outputs, the one of dout's shape when only one has it (a loss layer
    returning (y, loss) with backward(dout=1): the loss); else all of them, as they are."""
    shape = dims(dout)
    same = [o for o in outputs if (isinstance(o, ndarray) or is_scalar(o)) and dims(o) == shape]
    return same[0] if len(same) == 1 else outputs


class Forward:
    """The pair's forward, called again as it was first called (positional parameters, then
    *args, then keyword-only ones), and the change of its output along dout."""

    def __init__(self, f, dout):
        self.f, self.dout = f, dout
        names, positional = f['names'], f['positional']
        self.pos_idx = [i for i, n in enumerate(names) if not n.startswith('*')][:positional]
        self.star_idx = [i for i, n in enumerate(names) if n.startswith('*')]
        self.kw_idx = [(i, n) for i, n in enumerate(names) if i >= positional and not n.startswith('*')]
        # several douts (a forward of several outputs): their elements one after the other, as output() gives its outputs'
        self.dflat = flat_of(dout) if np is not None else float(dout)
        self.dout_max = float(np.max(np.abs(self.dflat))) if np is not None and self.dflat.size else abs(float(dout)) if np is None else 0.0
        self.draws = True  # a Dropout draws the same mask in every evaluation
        self.eps = 0.0  # the rounding of forward's output (rounding())

    def output(self, inst, args):
        f = self.f
        if f.get('gens'):  # its own generators (draws.py): the mask its forward drew, every time
            rewind(inst, f['gens'])
        if self.draws:
            if f['rng'][0] is not None:  # numpy.random was imported when forward started
                np.random.set_state(f['rng'][0])
            random.setstate(f['rng'][1])
        pos = [args[i] for i in self.pos_idx] + (list(args[self.star_idx[0]]) if self.star_idx else [])
        y = getattr(inst, f['method'])(*pos, **dict((n, args[i]) for i, n in self.kw_idx))
        # a copy: a forward that returns a view of its input (a Flattener's X.reshape) would
        # otherwise see its output move back when the check restores the element it stepped
        if isinstance(y, tuple) and not isinstance(self.dout, list):
            y = output_for(y, self.dout)
        self.eps = max([rounding(o) for o in y] if isinstance(y, tuple) else [rounding(y)])
        return flat_of(y) if isinstance(y, tuple) else np.array(y, dtype=np.float64) if np is not None else float(y)

    def rounded(self, y0, yp, ym):
        """What rounding of an output narrower than float64 puts in one central difference: about
        eps * |out * dout| over the elements the step moved (those it did not move cancel exactly), over h."""
        if not self.eps or y0.size != self.dflat.size:
            return 0.0
        moved = ((yp != y0) | (ym != y0)).reshape(-1)
        return self.eps * float(np.sum(np.abs(y0.reshape(-1)[moved] * self.dflat[moved]))) / H

    def change(self, a, c):
        """sum((a - c) * dout): untouched elements cancel exactly, so rounding does not drown the change."""
        d = a - c
        if np is None:
            return d * self.dflat
        return float(np.dot(d.reshape(-1), self.dflat)) if d.size == self.dflat.size else float(np.sum(d * self.dout))

    def fresh(self, args):
        """A forward that writes into its arguments gets new copies every time."""
        return [a.copy() if i in self.f['inPlace'] and isinstance(a, ndarray) else a for i, a in enumerate(args)]

    def draws_random(self, inst, args):
        """Runs forward once: (does it draw from the global generators (then each evaluation
        reseeds)?, its output)."""
        self.draws = True
        y = self.output(inst, args)
        return rng_moved(self.f['rng']), y

    def repeats(self, y1, y0):
        """Did two evaluations on the same values agree (to well within what the check could tell)?"""
        try:
            return abs(self.change(y1, y0)) / H <= GRADCHECK['atol']
        except ValueError:  # another shape
            return False

    def differences(self, flat, put, exact, inst, seconds, name='x'):
        """Checks the port `name` whose values `flat` (perturbed in place) enter forward through put()."""
        n = len(flat)
        t = time.perf_counter()
        self.draws, y1 = self.draws_random(inst, put())
        if self.draws and self.f.get('lateRng'):
            raise LateDraw(LATE_DRAW)
        if self.f.get('lateGens') and moved(inst, self.f['gens']):  # their states taken after it drew (aftercap.py)
            raise LateDraw(LATE_GENERATOR)
        t, once = time.perf_counter(), time.perf_counter() - t
        y0 = self.output(inst, put())
        once = min(once, time.perf_counter() - t)  # the quicker of two evaluations: less noise
        if not self.repeats(y1, y0):
            raise LateDraw(UNREPEATABLE)
        fits = int(seconds / (2 * once)) if once > 0 else n
        picks = sample_indices(n, min(GRADCHECK['sample'], max(MIN_PICKS, fits)))
        probes, unmoved, noise = [], [], 0.0
        for j in picks:
            orig = flat[j]
            flat[j] = orig + H
            moved_up = flat[j] - orig  # what float64 kept of the step
            yp = self.output(inst, put())
            flat[j] = orig - H
            moved_down = orig - flat[j]
            ym = self.output(inst, put())
            flat[j] = orig
            if abs(moved_up - H) > STEP_SLACK * H or abs(moved_down - H) > STEP_SLACK * H:
                unmoved.append(abs(float(orig)))
            probes.append((j, float(exact[j]), self.change(yp, y0) / H, self.change(y0, ym) / H))
            noise = max(noise, self.rounded(y0, yp, ym))
        if unmoved:
            raise Unmovable(UNMOVABLE % (name, H, len(unmoved), '%.4g' % max(unmoved)))
        # flat: every slope exactly 0, what a value forward sets before using it gives (SetByForward)
        return dict(judge(probes, self.dout_max, noise), flat=bool(probes) and all(r == 0 and le == 0 for _, _, r, le in probes))


def input_ports(f, b, fw, ports, labels, errors):
    """Each input of forward that backward returned a gradient for (in order)."""
    given = gradients_given(f['args'], b['result'])
    for i, (arg, name) in enumerate(zip(f['args'], f['names'])):
        g = given.get(i)
        base = float_copy(arg)
        if base is None or name.startswith('*'):
            continue
        if g is None:
            labels.append(name)  # no gradient for it: labels (a loss's t), not checked
            continue
        text = 'backward returned shape %s for %s of shape %s' % (dims(g), name, dims(base))
        if dims(g) != dims(base) and not (np is not None and extra_axes(dims(g), dims(base))):
            errors.append(('inputs', {'arg': i, 'name': name}, text + broadcast_advice(name, dims(g), dims(base))))
            continue
        got, same = dims(g), dims(g) == dims(base)
        g = g if same else np.reshape(g, dims(base))
        shape = list(dims(base))  # as numpy gives it: () for a number
        base, flat = as_floats(base)
        exact = as_floats(g)[1]
        number = np is None or base.ndim == 0  # forward gets a float back, not a 0-d array

        def put(i=i, base=base, flat=flat, number=number):
            args = fw.fresh(f['args'])
            args[i] = float(flat[0]) if number else base.copy() if i in f['inPlace'] else base
            return args
        run = lambda s, flat=flat, put=put, exact=exact, name=name: fw.differences(flat, put, exact, copy.deepcopy(b['inst']), s, name)  # noqa: E731
        ports.append(('inputs', {'arg': i, 'name': name, 'shape': shape}, run if same else off_shape(run, text, 'd' + name, name, got)))


def param_ports(f, b, fw, ports, errors):
    """Each array attribute W, b, gamma... with a d<name> backward set (not a cache's), and a
    number one (W = 2.0 with its dW), set back as a float at each evaluation. An integer one
    (a hand-made test's W = np.array([[5, 5], [1, 1]])) is checked on a float64 copy, as an
    integer input is (float_copy: one rule for both)."""
    for pname, field in sorted(param_fields(fields(b['inst'])), key=lambda named: named[0]):  # attributes, and the sequel's params[0]
        gname = grad_name(pname, b['attrs'])  # dW, or grad_W / W_grad as other courses name it
        if gname is None or pname in f['names'] or float_copy(field) is None:
            continue
        g, number = b['attrs'][gname], is_scalar(field)
        if pname not in PARAM_NAMES and pname in CACHE_NAMES:
            continue
        meta = {'name': pname} if gname == 'd' + pname else {'name': pname, 'grad': gname}
        text = '%s has shape %s but %s has %s' % (gname, dims(g), pname, dims(field))
        if dims(g) != dims(field) and not (np is not None and extra_axes(dims(g), dims(field))):
            errors.append(('params', meta, text + shape_advice(pname, dims(g), dims(field), gname)))
            continue
        got, same = dims(g), dims(g) == dims(field)
        g = g if same else np.reshape(g, dims(field))

        def run(s, pname=pname, field=field, g=g, number=number, gname=gname):
            base, flat = as_floats(field)
            if number:  # a float stays a float for forward: put() sets the perturbed one before each evaluation
                inst = copy.deepcopy(b['inst'])
                put = lambda: (setattr(inst, pname, float(flat[0])), fw.fresh(f['args']))[1]  # noqa: E731
            else:  # the copy holds the perturbed array wherever the layer holds W (self.W, self.params[0], an inner layer's)
                inst = copy.deepcopy(b['inst'], {id(field): base})
                put = lambda: fw.fresh(f['args'])  # noqa: E731
            r = fw.differences(flat, put, as_floats(g)[1], inst, s, pname)
            if r.pop('flat') and pname in f.get('set', ()):
                raise SetByForward(gname)
            return r
        ports.append(('params', dict(meta, shape=list(dims(field))), run if same else off_shape(run, text, gname, pname, got)))


def held_ports(f, b, fw, ports, errors, ints):
    """Each parameter held as an object: its value perturbed on a copy, against what backward gave
    its grad. One whose value is an array of integers goes to `ints`, not checked (said why:
    sayings.ts); a number (Param(1.5)) is set back as a float at each evaluation, as param_ports does."""
    for pname, (path, g) in sorted(b.get('held', {}).items()):
        obj = locate(b['inst'], path)
        value = fields(obj).get('value') if obj is not None else None
        number = is_scalar(value)
        if pname in f['names'] or not (number or isinstance(value, ndarray)):
            continue
        if not number and value.dtype.kind != 'f':
            ints.append(pname)
            continue
        if dims(g) != dims(value):
            errors.append(('params', {'name': pname}, '%s.grad has shape %s but %s.value has %s' % (pname, dims(g), pname, dims(value))))
            continue

        def run(s, pname=pname, path=path, value=value, g=g, number=number):
            inst = copy.deepcopy(b['inst'])
            held = locate(inst, path)
            base, flat = as_floats(value)
            if number:  # a number stays a number for forward: put() sets the perturbed one before each evaluation
                put = lambda: (setattr(held, 'value', float(flat[0])), fw.fresh(f['args']))[1]  # noqa: E731
            else:
                setattr(held, 'value', base)
                put = lambda: fw.fresh(f['args'])  # noqa: E731
            return fw.differences(flat, put, as_floats(g)[1], inst, s, pname)
        ports.append(('params', {'name': pname, 'shape': list(dims(value))}, run))


def pair_ports(f, b):
    """([(kind, meta, run(seconds))], labels, [(kind, meta, shape error)], held parameters with
    integer values) of a pair: run checks the port on the shared sample (fewer elements, never
    under MIN_PICKS, when two evaluations of forward per element would not fit in `seconds`)."""
    if b['dout'] is None:
        return [], [], [], []
    fw = Forward(f, b['dout'])
    ports, labels, errors, ints = [], [], [], []
    input_ports(f, b, fw, ports, labels, errors)
    param_ports(f, b, fw, ports, errors)
    held_ports(f, b, fw, ports, errors, ints)
    return ports, labels, errors, ints
