"""How the probe reads an expression in the paused frame, leaving the program as it was.

Part of the probe (probe.py): the host sends the files as one text, exec'd into one fresh dict,
so `numpy` here is the program's own module that probe.answer() sets (None in a program that
has not imported it). A name or a path
(`self.layers['Affine1']`) is read as it is. An expression with a call (`relu.forward(x)`,
`net.loss(x_batch, t_batch)`) would run the program's code on its own objects, and a forward
writes its caches (the book's mask): it runs on deep copies of the names it reads instead, made
when first read, so only what it reads is copied. The random state (numpy's and `random`'s) is
restored either way, so the program draws the same numbers after the trace as without it.
Its sentences are worded in the reader's language by the host, as probe.py says (probe_ sayings).
"""
import ast
import copy
import random
import types


class Copies(dict):
    """The frame's names as eval sees them: a deep copy of each, made when first read (one memo,
    so names that share an array still share its copy). Modules are read as they are."""

    def __init__(self, g, l):
        super().__init__()
        self.frame = dict(g)
        self.frame.update(l)
        self.memo = {}

    def __missing__(self, name):
        if name not in self.frame:
            raise KeyError(name)  # eval goes on to the globals, then the builtins
        v = self.frame[name]
        if isinstance(v, types.ModuleType):
            self[name] = v
            return v
        try:
            self[name] = copy.deepcopy(v, self.memo)
        except Exception as e:  # a lock, an open file, a generator: run on the original, it could change the program
            raise CannotCopy('%s cannot be copied (%s), and an expression with a call runs on copies so that '
                             'the paused program stays as it is: trace %s itself, or a value it holds'
                             % (name, describe_exception(e), name)) from None
        return self[name]


class CannotCopy(Exception):
    """Said as its message alone (answer() words it): no exception type in front."""


def has_call(text):
    try:
        tree = ast.parse(text.strip(), mode='eval')
    except SyntaxError:
        return False  # eval says what is wrong with it
    return any(isinstance(n, (ast.Call, getattr(ast, 'NamedExpr', ast.Call))) for n in ast.walk(tree))  # := from 3.8


def random_state():
    """numpy's global random state (None in a program without numpy: the book's buy_apple) and `random`'s."""
    return (numpy.random.get_state() if numpy is not None else None), random.getstate()


def set_random_state(state):
    if state[0] is not None:
        numpy.random.set_state(state[0])
    random.setstate(state[1])


def evaluate(text, g, l):
    """The value of `text` in the frame; a call in it runs on copies; the random state as before."""
    state = random_state()
    try:
        # Nested scopes (a lambda, a comprehension's body) read the globals: a shallow copy of them.
        return eval(text, dict(g), Copies(g, l)) if has_call(text) else eval(text, g, l)
    finally:
        set_random_state(state)
