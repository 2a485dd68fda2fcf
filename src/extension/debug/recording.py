"""The calls of a paused program's layer, recorded on its deep copy by wrapping its methods.

Part of the probe (probe.py): the host sends both files as one text, exec'd into one fresh dict,
so `numpy` here is the program's own module that probe.answer() sets in that dict (None in a
program without it: its layers on plain numbers are recorded and checked as the tracer's run does). Records are in the tracer's
format (src/engine/recorded/schema.ts) and use the tracer's own value form, ids and gradient check
(passed in as `tracer`), so the panel draws them like run mode's.
"""
import copy
import inspect
import random
import sys

STDOUT_CAP = 64 * 1024  # what the copy printed, kept up to this many characters


class Recording:
    """Calls of the copy's wrapped methods in the tracer's record format (schema.ts)."""

    def __init__(self, tracer):
        self.t = tracer
        self.ids = tracer['Ids']()
        self.calls, self.stack, self.sent = [], [], set()
        self.instances, self.open_forward = {}, {}
        self.forwards, self.backwards = {}, {}

    def wrap(self, inst, name):
        fn = getattr(inst, name)
        code = getattr(getattr(fn, '__func__', fn), 'user_code', None) or getattr(fn, '__func__', fn).__code__  # a pair's: the learner's function (pairs.py)
        sig = inspect.signature(fn)
        index = self.instances.setdefault(id(inst), len(self.instances))

        def wrapper(*args, **kwargs):
            bound = sig.bind(*args, **kwargs)
            bound.apply_defaults()
            return self.call(inst, index, fn, code, name, bound.arguments, args, kwargs)
        wrapper.__signature__ = sig  # what the probe reads of it (takes_dout) is the method's own
        object.__setattr__(inst, name, wrapper)

    def value_once(self, v, vid):
        return {'ref': vid} if vid is not None and vid in self.sent else self.t['value'](v)

    def call(self, inst, index, fn, code, name, arguments, args, kwargs):
        t = self.t
        backward = name.startswith('backward')
        names = list(arguments)
        vals = [arguments[n] for n in names]
        ids = [self.ids.of(v) for v in vals]
        pair = self.open_forward.pop(index, None)
        rec = {'class': type(inst).__qualname__, 'instance': index, 'method': name, 'params': names,
               'args': [self.value_once(v, i) for v, i in zip(vals, ids)], 'argIds': ids,
               'line': None, 'file': None, 'defLine': code.co_firstlineno, 'defFile': code.co_filename,
               'pass': 0, 'parent': self.stack[-1] if self.stack else None}
        if backward:
            rec['pairs'] = pair
            held = self.held_at_call(inst)
        sums = [t['checksum'](v) if is_array(v) and v.dtype.kind in 'biuf' else None for v in vals]
        me = len(self.calls)
        self.calls.append(rec)
        if not backward:
            self.open_forward[index] = me
            self.forwards[me] = self.material(inst, names, vals)
        self.sent.update(i for i in ids if i is not None)
        self.stack.append(me)
        raised = True
        try:
            result = fn(*args, **kwargs)
            raised = False
            return result
        finally:
            del self.stack[self.stack.index(me):]
            self.finish(rec, inst, vals, sums, None if raised else result, raised, backward, pair, me)
            if backward and not raised and pair in self.backwards:  # dlcourse.ai's Params: what backward gave each grad
                self.backwards[pair]['held'] = t['held_grads'](held[0], held[1], inst) if held[0] else {}

    def held_at_call(self, inst):
        """(name -> grad, a copy of the layer) of its parameters held as objects when backward is
        called (dlcourse.ai's Param, held.py): what backward adds into a grad is its change since."""
        before = dict((n, g) for n, (_, g, _) in self.t['held_params'](inst).items())
        return before, copy.deepcopy(inst) if before else None

    def material(self, inst, names, vals):
        """What the tracer's gradient check needs of a forward: the instance before it ran."""
        snap = copy.deepcopy(inst)
        for m in ('forward', 'backward'):  # the snapshot calls its class's own methods, unrecorded
            snap.__dict__.pop(m, None)
        return {'inst': snap, 'names': names, 'positional': len(names), 'cost': 0,
                'rng': random_state(),
                'args': [v.copy() if is_array(v) else v for v in vals]}

    def finish(self, rec, inst, vals, sums, result, raised, backward, pair, me):
        t = self.t
        rid = self.ids.of(result)
        rec['result'], rec['resultId'] = self.value_once(result, rid), rid
        if raised:
            rec['raised'] = True
        rec['inPlace'] = [i for i, (v, s) in enumerate(zip(vals, sums)) if s is not None and t['checksum'](v) != s]
        attrs, attr_ids = {}, {}
        grads = t['gradients_of'](inst.__dict__) if backward else {}  # a one-number db or dW too, as run mode's
        for k, v in list(inst.__dict__.items()) + t['held_fields'](inst.__dict__):  # a Param's W.value, W.grad too
            if (is_array(v) and v.dtype.kind in 'biuf') or t['is_scalar'](v):
                attr_ids[k] = vid = self.ids.of(v)
                if vid not in self.sent and vid != rid and vid not in rec['argIds']:
                    attrs[k] = t['value'](v)
                    self.sent.add(vid)
        rec['attrs'], rec['attrIds'] = attrs, attr_ids
        if rid is not None:
            self.sent.add(rid)
        if raised:
            self.forwards.pop(me, None)
            return
        if backward and pair in self.forwards:
            tup = isinstance(result, (tuple, list))
            self.backwards[pair] = {'call': me, 'dout': t['float_copy'](vals[0]) if vals else t['float_copy'](1.0),
                                    'result': [t['float_copy'](r) for r in result] if tup else [t['float_copy'](result)],
                                    'attrs': grads}
        elif not backward:
            f = self.forwards[me]
            f.update(call=me, inPlace=rec['inPlace'], scalar=t['is_scalar'](result), **{'class': rec['class'], 'method': rec['method']})

    def gradchecks(self, gmax, seconds):
        out = []
        pairs = [(k, f, self.backwards[k]) for k, f in sorted(self.forwards.items()) if k in self.backwards]
        check = self.t['check_pair']
        with_max = 'gmax' in inspect.signature(check).parameters
        for _, f, b in pairs:
            b.setdefault('inst', f['inst'])
            share = seconds / max(1, len(pairs))
            r = check(f, b, gmax, share) if with_max else check(f, b, share)
            if r is not None:
                r['backwardCall'] = b['call']
                out.append(r)
        return out

    def result(self, gradcheck, stdout, error=None):
        t = self.t
        out = {'version': 1, 'python': '%d.%d.%d' % sys.version_info[:3],
               'calls': self.calls, 'gradcheck': gradcheck, 'passes': 1 if self.calls else 0,
               'capped': False, 'truncated': False, 'stdout': stdout.getvalue()[:STDOUT_CAP],
               'stdoutTruncated': len(stdout.getvalue()) > STDOUT_CAP}
        if numpy is not None:
            out['numpy'] = numpy.__version__
        if error is not None:
            out['error'] = {'message': t['describe_exception'](error), 'line': None, 'file': None}
        return out
