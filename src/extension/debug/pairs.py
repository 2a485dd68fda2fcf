"""cs231n's layers at a breakpoint: functions, not classes. Paused inside
`affine_backward(dout, cache)`, the learner traces `affine_backward` (or `affine_forward`): the
pair <stem>_forward / <stem>_backward[_variant] of the frame's globals is run as one layer, the
way the tracer's run pairs them (src/tracer/bpt_tracer/pairs.py): forward on the inputs the frame's
`cache` holds when it is forward's own arguments (cs231n's affine and conv keep `(x, w, b)`, relu
keeps `x`), else on inputs the learner picks; backward with the cache forward returned, on the
frame's own dout when paused inside that backward (a copy of it, when its shape is forward's
output's), else on ones.

Part of the probe (probe.py): the host sends the files as one text, exec'd into one fresh dict,
so `copy`, `is_array`, `params_of`, `picked`, `backward_after` and `on_copy` here are probe.py's.
Its sentences are worded in the reader's language by the host, as probe.py says (probe_ sayings).
"""
import inspect
import re
import types


def pair_of(obj, g, methods):
    """(stem, forward, backward) when obj is a plain function named <stem>_<forward|backward>[_variant]
    whose partner is in the frame's globals; a sentence when the partner is not there; else None."""
    if not isinstance(obj, types.FunctionType):
        return None
    m = re.match(r'^([A-Za-z0-9]\w*?)_(forward|backward)(?:_(\w+))?$', obj.__name__)
    if not m or not {'forward', 'backward'} <= set(methods):
        return None
    stem, method, variant = m.groups()
    names = {'forward': [stem + '_forward'], 'backward': [stem + '_backward']}
    if variant:  # conv_forward_naive pairs with conv_backward_naive, batchnorm_backward_alt with batchnorm_forward
        names[method].insert(0, '%s_%s_%s' % (stem, method, variant))
        other = 'backward' if method == 'forward' else 'forward'
        names[other].insert(0, '%s_%s_%s' % (stem, other, variant))
    found = dict((k, next((g[n] for n in ns if isinstance(g.get(n), types.FunctionType)), None)) for k, ns in names.items())
    found[method] = obj
    if found['forward'] and found['backward']:
        return stem, found['forward'], found['backward']
    missing = names['backward' if method == 'forward' else 'forward'][-1]
    return 'a function with no %s beside it where the program is paused: a pair of functions (affine_forward / affine_backward) is traced as one layer' % missing


def pair_layer(stem, forward, backward, seen):
    """A layer object of the pair: forward keeps the cache the function returned, backward gives
    it back. Its class is named as the tracer's run names the pair (`affine`), its forward has the
    function's parameters (x, w, b), and the record points at the learner's own lines. `seen['args']`:
    whether the first forward's cache was its very arguments (cs231n's affine: (x, w, b))."""
    fwd_sig = inspect.signature(forward)

    def fwd(self, *args, **kwargs):
        out = forward(*args, **kwargs)
        if isinstance(out, tuple) and len(out) == 2:
            out, self.cache = out
        kept = self.cache if isinstance(self.cache, tuple) else (self.cache,)
        seen.setdefault('args', len(kept) == len(args) and all(a is b for a, b in zip(kept, args)))
        return out

    def bwd(self, dout):
        return backward(dout, self.cache)
    self_param = inspect.Parameter('self', inspect.Parameter.POSITIONAL_OR_KEYWORD)
    fwd.__signature__ = fwd_sig.replace(parameters=[self_param] + list(fwd_sig.parameters.values()))
    fwd.user_code, bwd.user_code = forward.__code__, backward.__code__
    cls = type(stem, (), {'forward': fwd, 'backward': bwd, '__module__': '__backprop_trace__'})
    layer = cls()
    layer.cache = None
    return layer


def cached_inputs(forward, l):
    """forward's arguments from the frame's `cache` when it may be them: a tuple of as many values
    as forward's parameters without a default, an array first (cs231n's affine: (x, w, b)), or one
    array for a one-parameter forward (relu: x). None otherwise (batchnorm's cache is not its
    inputs); run_pair still checks that forward given them returns them as its cache."""
    cache = l.get('cache')
    need = [p for p in params_of(forward) if p.default is p.empty]
    # x first (cs231n's forwards all take it first): dropout's (dropout_param, mask) is not its inputs
    if isinstance(cache, tuple) and len(cache) == len(need) and len(need) > 1 and numpy is not None and isinstance(cache[0], numpy.ndarray):
        return list(cache)
    if len(need) == 1 and numpy is not None and isinstance(cache, numpy.ndarray):
        return [cache]
    return None


def own_dout(backward, req, l):
    """(name, value) of the dout the paused frame holds when it is the pair's backward itself
    (paused inside affine_backward(dout, cache)): its first parameter, an array. None otherwise."""
    first = params_of(backward)[:1]
    if req.get('frame') != backward.__name__ or not first or first[0].name not in l:
        return None
    value = l[first[0].name]
    return (first[0].name, value) if is_array(value) else None


def run_pair(pair, req, g, l):
    stem, forward, backward = pair
    names = [p.name for p in params_of(forward)]
    given = picked(req, 'input', g, l) if req.get('input') else cached_inputs(forward, l)
    need = [p.name for p in params_of(forward) if p.default is p.empty]
    if given is None or len(given) < len(need):  # `pair`: the host words it (a function keeps nothing)
        return {'kind': 'layer', 'class': stem, 'needInput': need[len(given or []):], 'params': names, 'pair': forward.__name__}
    args = copy.deepcopy(given)  # the copy's forward may write into them; the program's cache stays
    seen = {}
    layer = pair_layer(stem, forward, backward, seen)
    dout = picked(req, 'dout', g, l)
    mine = None if dout else own_dout(backward, req, l)
    said = {}

    def go(inst):
        out = inst.forward(*args)
        if mine is None:
            return backward_after(inst, out, dout)
        fits = numpy.shape(mine[1]) == numpy.shape(out)  # own_dout found an array: numpy is loaded
        said.update(name=mine[0], shape=list(numpy.shape(mine[1])), used=fits)
        if not fits:
            said['out'] = list(numpy.shape(out))
        return backward_after(inst, out, [copy.deepcopy(mine[1])] if fits else [])  # a copy: the frame's stays as it is
    answer = on_copy(layer, [lambda c: c], go, req, 'layer')
    if not req.get('input') and not seen.get('args'):  # a guess that was wrong: dropout's (mask, mode) is not (x, dropout_param)
        return {'kind': 'layer', 'class': stem, 'needInput': need, 'params': names, 'pair': forward.__name__}
    if said:
        answer['frameDout'] = said
    for call in answer['result']['calls']:  # named as the tracer's run names them
        call['function'] = (forward if call['method'] == 'forward' else backward).__name__
    return answer
