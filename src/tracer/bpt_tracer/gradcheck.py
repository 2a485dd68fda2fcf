"""The gradient check of one forward/backward pair, by the one definition shared with TypeScript
(src/constants.json, src/engine/graph/checkRule.ts): central differences of the reader's own
forward, weighted by the dout their backward received, on a fixed-seed sample of each port's
elements. plan_pair says at once whether a pair has anything to check; run_plan checks it within
its budget (when: checker.py). The check's budget is its own: each instance gets `seconds` of
checking, never fewer than MIN_PICKS elements.
"""
import time

from .files import describe_exception
from .ports import LateDraw, SetByForward, pair_ports
from .values import is_scalar


def check_pair(f, b, seconds):
    """One pair's entry: each input and parameter port checked within `seconds` in all."""
    entry, plan = plan_pair(f, b)
    return entry if plan is None else run_plan(entry, plan, seconds)


def plan_pair(f, b):
    """(entry, (ports, shape errors)) of a pair, or (its "unchecked" entry, None) when it has nothing
    to check: known without running forward."""
    ports, labels, shape_errors, ints = pair_ports(f, b)
    # a number with no gradient (group norm's G, a stride) is not labels (a loss's t): said apart
    numbers = [n for n in labels if is_scalar(f['args'][f['names'].index(n)])]
    entry = {'call': -1 if f['call'] is None else f['call'], 'class': f['class'], 'inputs': [], 'params': [],
             'labels': [n for n in labels if n not in numbers]}
    if numbers:
        entry['numbers'] = numbers
    if ints:  # a held parameter whose value holds integers: not trained by fractional steps, said (sayings.ts)
        entry['intParams'] = ints
    if not ports and not shape_errors:
        nothing = all(g is None for g in b['result']) and not b['attrs']
        why = ('backward returned a %s, not a gradient (an array, or a tuple of them), and set no d<param> attribute' % b['returned'] if nothing and b.get('returned')
               else 'backward returned no gradient (None) and set no d<param> attribute' if nothing
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
        except LateDraw as e:  # every port would say the same
            entry.update(status='unchecked', reason=str(e), maxAbsDiff=None, ok=True)
            return entry
        except SetByForward as e:  # a state forward sets itself (self.h), not a parameter: said
            entry.setdefault('states', []).append(str(e))
            continue
        except Exception as e:  # forward fails on a perturbed copy: say so, do not stop
            r = {'maxAbsDiff': None, 'index': -1, 'checked': 0, 'kinks': 0, 'ok': False, 'error': 'forward raised %s when re-run on a copy' % describe_exception(e)}
        r.pop('flat', None)  # ports.SetByForward's, not the result's
        entry[kind].append(dict(r, **meta))
    for kind, meta, text in shape_errors:
        entry[kind].append(dict(meta, maxAbsDiff=None, index=-1, checked=0, kinks=0, ok=False, error=text))
    every = entry['inputs'] + entry['params']
    if not every:
        entry.update(status='unchecked', reason='backward gave no gradient the check could compare', maxAbsDiff=None, ok=True)
        return entry
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
