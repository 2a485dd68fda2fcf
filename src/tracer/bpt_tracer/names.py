"""The learner's own names at a call site: the caller's line read as source (linecache + ast),
never evaluated. For `dapple, dapple_num = mul_apple_layer.backward(dapple_price)` it gives the
instance `mul_apple_layer`, the argument `dapple_price` and the targets `dapple`, `dapple_num`;
for `x = layer.forward(x)` in a loop over `self.layers.values()`, the instance is found by
identity among the caller's `self` containers: `self.layers['Affine1']`, short `Affine1`.

Only names (a.b, a[...] with a constant key) count: a literal or an arithmetic expression gives
None, and the graph falls back to the method's parameter names. A line of chained calls whose
receivers cannot be told apart that way is remembered, and the run says so (hints()): never silent.
"""
import ast
import linecache
import os
import re

MAX_LINES = 12  # a statement spread over more lines than this is not read
INDEX = getattr(ast, 'Index', ())  # 3.8's subscript wrapper (gone in later versions)

CO_VARARGS = 0x04  # inspect.CO_VARARGS, without importing inspect


def arguments(frame, code, method_call):
    """The parameter names in signature order (positional, *args, keyword-only; co_varnames
    puts *args last), self left out of a method's, and their values in the frame."""
    n, kw = code.co_argcount, code.co_kwonlyargcount
    names = list(code.co_varnames[1 if method_call else 0:n])
    if code.co_flags & CO_VARARGS:
        names.append('*' + code.co_varnames[n + kw])
    names += code.co_varnames[n:n + kw]
    return names, [frame.f_locals.get(p.lstrip('*')) for p in names]


def _text(node):
    """Source text of a name-like expression, else None (3.8 has no ast.unparse)."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _text(node.value)
        return None if inner is None else '%s.%s' % (inner, node.attr)
    if isinstance(node, ast.Subscript):
        inner = _text(node.value)
        key = node.slice.value if isinstance(node.slice, INDEX) else node.slice  # 3.8 wraps it
        if inner is None or not isinstance(key, ast.Constant) or not isinstance(key.value, (str, int)):
            return None
        return '%s[%r]' % (inner, key.value)
    if isinstance(node, ast.Starred):
        return _text(node.value)
    return None


def _short(node):
    """The name drawn on the graph: `Affine1` for self.layers['Affine1'], `lastLayer` for self.lastLayer."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript):
        key = node.slice.value if isinstance(node.slice, INDEX) else node.slice
        return str(key.value) if isinstance(key, ast.Constant) else None
    return None


def _statement(filename, lineno):
    """The statement starting at lineno (extended over following lines until it parses)."""
    lines = linecache.getlines(filename)
    if not lines or not 0 < lineno <= len(lines):
        return None
    first = lines[lineno - 1]
    indent = len(first) - len(first.lstrip())
    for end in range(lineno, min(len(lines), lineno + MAX_LINES) + 1):
        chunk = ''.join(l[indent:] if l[:indent].strip() == '' else l for l in lines[lineno - 1:end])
        try:
            return ast.parse(chunk)
        except SyntaxError:
            continue
    # a header line (`for ...:`, `if ...:`): its expression alone
    text = first.strip().rstrip(':')
    for head in ('if ', 'while ', 'elif ', 'return ', 'print('):
        if text.startswith(head):
            try:
                return ast.parse(text[len(head):] if head != 'print(' else text)
            except SyntaxError:
                return None
    return None


def _site(filename, lineno, method):
    """(targets node or None, [(receiver node, call node)...]) of the calls of .method on the line,
    outermost first (`c.forward(b.forward(a.forward(x)))` has three)."""
    tree = _statement(filename, lineno)
    if tree is None or not tree.body:
        return None
    stmt = tree.body[0]
    calls = [node for node in ast.walk(stmt)
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == method]
    if not calls:
        return None
    targets = None
    if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and stmt.value is calls[0]:
        targets = stmt.targets[0] if isinstance(stmt, ast.Assign) else stmt.target
    return targets, [(c.func.value, c) for c in calls]


_UNKNOWN = object()


def _held(node, caller):
    """The object a receiver names, looked up without running code: a local or global name, an
    attribute in an instance's __dict__, a constant key of a plain dict or list; else _UNKNOWN."""
    if isinstance(node, ast.Name):
        for space in (caller.f_locals, caller.f_globals):
            if node.id in space:
                return space[node.id]
        return _UNKNOWN
    if isinstance(node, ast.Attribute):
        inner = _held(node.value, caller)
        try:
            fields = object.__getattribute__(inner, '__dict__') if inner is not _UNKNOWN else {}
        except AttributeError:
            return _UNKNOWN
        return fields.get(node.attr, _UNKNOWN) if type(fields) is dict else _UNKNOWN
    if isinstance(node, ast.Subscript):
        inner = _held(node.value, caller)
        key = node.slice.value if isinstance(node.slice, INDEX) else node.slice
        if type(inner) not in (dict, list) or not isinstance(key, ast.Constant):
            return _UNKNOWN
        try:
            return inner[key.value]
        except (KeyError, IndexError, TypeError):
            return _UNKNOWN
    return _UNKNOWN


def _which(calls, caller, inst):
    """The call of `inst` among the line's calls of the method: the only one, or the one whose
    receiver holds `inst`; None when that cannot be told (no name beats a wrong one)."""
    if len(calls) == 1:
        return calls[0]
    mine = [c for c in calls if _held(c[0], caller) is inst]
    if len(mine) == 1 or (mine and all(_text(c[0]) == _text(mine[0][0]) for c in mine)):
        return mine[0]
    return None


class Names:
    """Call-site names, parsed once per (file, line, method) and found once per instance."""

    def __init__(self):
        self.sites = {}
        self.held = {}  # id(instance) -> (full, short) found in the caller's self containers
        self.own = {}  # (id(instance), receiver name) -> (full, short) found in the caller's own lists and dicts
        self.loops = {}  # (file, line, name) -> whether name is a for loop's target there
        self.untold = {}  # (file, line) -> method: chained calls whose receivers could not be told apart

    def hints(self):
        """One sentence per line of chained calls named by their parameters instead (in line order)."""
        return ['%s, line %d: the chained calls of .%s on this line could not be told apart by their receivers '
                '(not plain names, attributes or constant keys), so those layers are drawn with their class '
                'and parameter names.' % (os.path.basename(f), line, method)
                for (f, line), method in sorted(self.untold.items())]

    def of(self, caller, method, params, inst, positional):
        """{"self", "short", "args", "out"} for a recorded call, or None when the line says nothing."""
        if caller is None:
            return None
        key = (caller.f_code.co_filename, caller.f_lineno, method)
        site = self.sites.get(key, False)
        if site is False:
            try:
                site = self.sites[key] = _site(key[0], key[1], method)
            except (RecursionError, ValueError, MemoryError):
                site = self.sites[key] = None
        if site is None:
            return None
        targets, calls = site
        which = _which(calls, caller, inst)
        if which is None:
            self.untold.setdefault(key[:2], method)
            return None
        receiver, call = which
        if call is not calls[0][1]:  # an inner call's result goes on into the outer one, not to the targets
            targets = None
        full, short = _text(receiver), _short(receiver)
        if isinstance(receiver, ast.Name):
            found = self.container_name(caller, inst) or self.own_container_name(caller, receiver.id, inst)
            if found:
                full, short = found
        args = [None] * len(params)
        for j, a in enumerate(call.args[:positional]):
            if not isinstance(a, ast.Starred):
                args[j] = _text(a)
        for k in call.keywords:
            if k.arg in params:
                args[params.index(k.arg)] = _text(k.value)
        out = None
        if isinstance(targets, (ast.Tuple, ast.List)):
            out = [_text(e) for e in targets.elts]
        elif targets is not None:
            out = [_text(targets)]
        return {'self': full, 'short': short, 'args': args, 'out': out}

    def container_name(self, caller, inst):
        """self.layers['Affine1'] for an instance reached through a loop variable (looked up by
        identity in the dicts and lists held by the caller's self, nothing evaluated)."""
        if id(inst) in self.held:
            return self.held[id(inst)]
        owner = caller.f_locals.get('self')
        try:
            fields = object.__getattribute__(owner, '__dict__') if owner is not None else {}
        except AttributeError:
            fields = {}
        found = _in_containers(fields, inst, 'self.')
        self.held[id(inst)] = found
        return found

    def own_container_name(self, caller, name, inst):
        """`layers[0]` for `for layer in layers: x = layer.forward(x)` over a list or dict of the
        function's or the module's own, when the receiver is the target of a `for` enclosing the
        line (`a, b = layers` keeps a and b). Found once per instance and receiver name."""
        where = (caller.f_code.co_filename, caller.f_lineno, name)
        if where not in self.loops:
            self.loops[where] = _loop_target(*where)
        if not self.loops[where]:
            return None
        key = (id(inst), name)
        if key not in self.own:
            found = _in_containers(caller.f_locals, inst, '')
            if found is None and caller.f_globals is not caller.f_locals:
                found = _in_containers(caller.f_globals, inst, '')
            self.own[key] = found
        return self.own[key]


FOR = re.compile(r'\s*(?:async\s+)?for\s+(.+?)\s+in\s')


def _loop_target(filename, lineno, name):
    """Whether `name` is a target of a `for` on the line or enclosing it (read as text, going up
    by indentation, at most 400 lines)."""
    line = linecache.getline(filename, lineno)
    indent = len(line) - len(line.lstrip())
    for k in range(lineno, max(0, lineno - 400), -1):
        text = linecache.getline(filename, k)
        if not text.strip() or text.lstrip().startswith('#'):
            continue
        ind = len(text) - len(text.lstrip())
        if k != lineno and ind >= indent:
            continue
        indent = ind
        m = FOR.match(text)
        if m and name in re.findall(r'[A-Za-z_]\w*', m.group(1)):
            return True
        if ind == 0 and k != lineno:
            return False
    return False


MAX_SCAN = 1000  # a list or dict longer than this is data (a dataset), not the program's layers: not searched


def _in_containers(space, inst, prefix):
    """(full, short) names of `inst` as an item of a dict or list among `space`'s values, or None."""
    for attr, v in list(space.items()):
        if isinstance(v, dict) and len(v) <= MAX_SCAN:
            items = v.items()
        elif isinstance(v, list) and len(v) <= MAX_SCAN:
            items = enumerate(v)
        else:
            continue
        for k, x in items:
            if x is inst:
                return ('%s%s[%r]' % (prefix, attr, k), str(k) if isinstance(k, str) else '%s[%d]' % (attr, k))
    return None
