"""The one definition of the gradient check's verdict, as src/engine/graph/checkRule.ts has it
(the TypeScript side's literal mode): the same sample of elements and the same rule, from the
same constants (src/constants.json). test/unit/tracer/checkrule.test.ts holds both to it."""
from .constants import GRADCHECK
from .values import num

M = 2147483647  # Park-Miller: 48271 * state mod 2^31 - 1, integer arithmetic in both languages


def sample_indices(n, k=None, seed=None):
    """All of range(n) when n <= k, else k indices drawn without replacement from the seed, sorted."""
    k = GRADCHECK['sample'] if k is None else k
    seed = GRADCHECK['seed'] if seed is None else seed
    if n <= k:
        return list(range(n))
    state = seed % M or 1
    swapped, out = {}, []
    for i in range(k):
        state = state * 48271 % M
        j = i + state % (n - i)
        pick = swapped.get(j, j)
        swapped[j] = swapped.get(i, i)
        out.append(pick)
    return sorted(out)


def judge(probes, dout_max=1.0, noise=0.0):
    """A port's result from its probes [(index, analytic, right, left)]: numerical = (left + right)
    / 2; tolerance atol * min(1, dout_max) + rtol * scale (scale: the largest |analytic| or
    |numerical| of the probes; dout_max: the largest |dout|, which every gradient and the
    differences' rounding scale with, so a convnet's 1e-7 gradients are not all within atol); a
    kink (|right - left| over the tolerance) accepts an analytic value between the two slopes.
    noise: what rounding of a float32 output puts in a central difference (ports.Forward), added."""
    scale = 0.0
    for _, a, right, left in probes:
        scale = max(scale, abs(a), abs((left + right) / 2))
    tol = GRADCHECK['atol'] * min(1.0, dout_max) + GRADCHECK['rtol'] * scale + noise
    worst, where, checked, kinks, nan, scored = 0.0, -1, 0, 0, False, []
    for j, a, right, left in probes:
        numerical = (left + right) / 2
        diff = abs(a - numerical)
        if not diff <= tol and abs(right - left) > tol and min(left, right) - tol <= a <= max(left, right) + tol:
            kinks += 1
            continue
        checked += 1
        if diff != diff:
            nan = True
        elif where < 0 or diff > worst:
            worst, where = diff, int(j)
        scored.append((float('inf') if diff != diff else diff, int(j), a, numerical))
    scored.sort(key=lambda s: (-s[0], s[1]))
    top = [{'index': j, 'analytic': num(a), 'numerical': num(n)} for _, j, a, n in scored[:GRADCHECK['worst']]]
    return {'maxAbsDiff': None if nan else worst, 'index': where, 'checked': checked, 'kinks': kinks,
            'ok': bool(not nan and worst <= tol), 'tol': tol, 'worst': top}

