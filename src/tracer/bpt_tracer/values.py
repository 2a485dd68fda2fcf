"""What a recorded value looks like in the result (V): small arrays whole, big ones as stats and a
strided sample, their values as base64 of their bytes (exact, and no JSON of every number), their
printed text made again only when what numpy prints of them changed (a numerical gradient moves
one weight of W1 per recorded call: its text was remade at each); checksums that tell an
in-place write; value ids that survive weak references; the float64 copies the gradient check
perturbs. Never calls the reader's __repr__."""
import base64
import copy
import math
import sys
import weakref
import zlib

# numpy is the program's: bound here once the program has imported it (numpy_arrived), never
# imported by the tracer first (~230 ms of a numpy-free program's run). Until then no array can
# exist: isinstance(v, ndarray) is False for everything, and layers on plain numbers are traced.
np = None
ndarray = NP_BOOL = NP_NUMBER = NP_INTEGER = NP_COMPLEX = ()
NUMPY_VERSION = None
BOUND = ('np', 'ndarray', 'NP_BOOL', 'NP_NUMBER', 'NP_INTEGER', 'NP_COMPLEX')  # what the modules import from here


def np_random():
    """numpy.random once imported whole, else None. numpy 2 imports it at its first use: asking
    numpy for it sooner would import it from inside the tracer's callback (mid-import, a loop)."""
    module = sys.modules.get('numpy.random')
    return None if module is None or getattr(getattr(module, '__spec__', None), '_initializing', False) else module


def numpy_arrived():
    """True once, when the program has imported numpy since the last look: its names bound here
    and in the tracer's modules that imported them (called at each layer call, before its values
    are read; a dict lookup until then)."""
    global np, ndarray, NP_BOOL, NP_NUMBER, NP_INTEGER, NP_COMPLEX, NUMPY_VERSION
    module = sys.modules.get('numpy')
    if np is not None or module is None:
        return False
    if getattr(getattr(module, '__spec__', None), '_initializing', False) or 'ndarray' not in vars(module):
        return False  # still being imported (a layer-named call inside numpy's import: enum's __call__)
    before = dict((k, globals()[k]) for k in BOUND)
    np, NUMPY_VERSION = module, module.__version__
    ndarray, NP_BOOL, NP_NUMBER, NP_INTEGER, NP_COMPLEX = np.ndarray, np.bool_, np.number, np.integer, np.complexfloating
    for name, mod in list(sys.modules.items()):
        if name.startswith(__package__ + '.') and mod is not None:
            for k, old in before.items():
                if mod.__dict__.get(k, None) is old and k in mod.__dict__:
                    setattr(mod, k, globals()[k])
    return True


numpy_arrived()  # numpy imported before the tracer (a test importing this module): bound now

from .constants import BIG, SAMPLE


def num(x):
    """A float for JSON: non-finite values as the strings numpy's users know."""
    x = float(x)
    if x != x:
        return 'NaN'
    if x in (float('inf'), float('-inf')):
        return 'Infinity' if x > 0 else '-Infinity'
    return x


# dtypes the host reads from bytes as they are (schema.ts's BYTE_SIZES); others go as float64
SENT_DTYPES = ('float64', 'float32', 'int64', 'int32', 'int16', 'int8', 'uint32', 'uint16', 'uint8', 'bool')


DTYPES = {}  # dtype -> (str(dtype), dtype.name): numpy computes both in Python (~3 us) at each ask


def dtype_names(dt):
    names = DTYPES.get(dt)
    if names is None:
        names = DTYPES[dt] = (str(dt), dt.name)
    return names


def packed(a):
    """(base64 of a's values as little-endian bytes in C order, the dtype of those bytes): a copy
    taken now, bit for bit (float16, longdouble and uint64 go as float64)."""
    if dtype_names(a.dtype)[1] not in SENT_DTYPES:
        a = a.astype(np.float64)
    raw = np.ascontiguousarray(a, dtype=a.dtype.newbyteorder('<')).tobytes()
    return base64.b64encode(raw).decode('ascii'), dtype_names(a.dtype)[1]


def stats(a):
    """(min, max, mean) of a big array's finite values (its mean over all of them, NaN if any is).
    A C-ordered float64 array whose min and max are finite has only finite values: those three
    read straight off it, equal to the float64 copy's (same values, same order), without copies."""
    if type(a) is np.ndarray and a.dtype == np.float64 and a.flags.c_contiguous:
        lo, hi = a.min(), a.max()
        if math.isfinite(lo) and math.isfinite(hi):  # no NaN (it would be the min), no infinity
            return num(lo), num(hi), num(a.mean())
    f = a.astype(np.float64)
    fin = f[np.isfinite(f)]
    return (num(fin.min()) if fin.size else 'NaN'), (num(fin.max()) if fin.size else 'NaN'), num(f.mean())


SUMMARY = 1000  # array2string's threshold for big arrays: over it, only the edge items are printed
TEXTS = {}  # (type, shape, dtype, print options, edge items' bytes) -> that text (summary_text)
TEXTS_MAX = 256
texts_made = 0  # array2string calls summary_text made (the tests read it: a reused text is not made again)


def edges(a, edge):
    """The items array2string prints of an array over SUMMARY elements: the first and last `edge`
    along each axis longer than 2 * edge (numpy's _leading_trailing), as one array."""
    for axis, d in enumerate(a.shape):
        if d > 2 * edge:
            a = a.take(list(range(edge)) + list(range(d - edge, d)), axis=axis)
    return a


def summary_text(a):
    """np.array2string(a, threshold=SUMMARY) of an array over SUMMARY elements. numpy formats such an
    array from its edge items alone, so the text is a function of the array's type, shape, dtype,
    the print options and those items' bytes: made once for each, reused while they are the same
    (a numerical gradient perturbing W1's inner elements one by one leaves its text as it was)."""
    global texts_made
    opts = np.get_printoptions()
    key = None
    edge = opts.get('edgeitems')
    # not kept: a formatter could print anything; with edgeitems 0 numpy sizes the columns on every item
    if type(a) is np.ndarray and opts.get('formatter') is None and isinstance(edge, int) and edge > 0:
        try:
            key = (type(a), a.shape, a.dtype, tuple(sorted(opts.items())), edges(a, edge).tobytes())
            hash(key)
        except TypeError:
            key = None
    text = TEXTS.get(key) if key is not None else None
    if text is None:
        text = np.array2string(a, threshold=SUMMARY)
        texts_made += 1
        if key is not None:
            if len(TEXTS) >= TEXTS_MAX:
                TEXTS.clear()
            TEXTS[key] = text
    return text


def array_value(a):
    """V of an array, from a copy taken now (the caller's array may change later)."""
    if a.dtype.kind not in 'biuf':
        return {'type': 'ndarray[%s]' % a.dtype}
    out = {'shape': list(a.shape), 'dtype': dtype_names(a.dtype)[0]}
    far = beyond_float64(a)
    if far:  # the panel's float64 cannot hold them: said (recorded/toGraph.ts)
        out['inexact'] = far
    if a.size <= BIG:
        out['bytes'], out['bytesDtype'] = packed(a)
        return out
    per_axis = max(1, int(SAMPLE ** (1.0 / max(1, a.ndim))))
    strides = [max(1, -(-d // per_axis)) for d in a.shape]
    sample = a[tuple(slice(None, None, s) for s in strides)]
    out['sampleBytes'], out['bytesDtype'] = packed(sample)
    lo, hi, mean = stats(a)
    out.update(min=lo, max=hi, mean=mean, strides=strides, sampleShape=list(sample.shape), text=summary_text(a))
    return out


def is_scalar(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) or isinstance(v, NP_NUMBER)


def scalar_value(v):
    """V of a number: a 0-d value with its type, `scalar` int or float (Python's) or numpy (a numpy
    scalar, its dtype said), so it prints as the program prints it: 100, not 100. nor 100.0."""
    if isinstance(v, NP_NUMBER):
        sent = v if dtype_names(v.dtype)[1] in SENT_DTYPES else np.float64(v)
        return exact_text({'shape': [], 'dtype': dtype_names(v.dtype)[0], 'data': int(sent) if sent.dtype.kind in 'iu' else num(sent), 'scalar': 'numpy'}, v)
    if isinstance(v, int):
        return exact_text({'shape': [], 'dtype': 'int64', 'data': int(v), 'scalar': 'int'}, v)
    return {'shape': [], 'dtype': 'float64', 'data': num(v), 'scalar': 'float'}


EXACT_INT = 2 ** 53  # past it a float64 (the panel's numbers) skips integers


def beyond_float64(a):
    """How many elements of an int64 / uint64 array are integers past 2**53 (float64 skips some there)."""
    if a.dtype.kind not in 'iu' or a.dtype.itemsize < 8 or not a.size:
        return 0
    return int(np.count_nonzero(a > EXACT_INT)) + (int(np.count_nonzero(a < -EXACT_INT)) if a.dtype.kind == 'i' else 0)


def exact_text(out, v):
    """An integer past 2**53 also as its str(): the panel draws that text, since its float64 would
    change the last digits (2**53 + 1 would be drawn 9007199254740992)."""
    if isinstance(v, (int, NP_INTEGER)) and abs(int(v)) > EXACT_INT:
        out['text'] = str(v)
    return out


def value(v, depth=0):
    """V of anything, never calling the user's __repr__."""
    if v is None or isinstance(v, (bool, NP_BOOL)):
        return None if v is None else bool(v)
    if is_scalar(v):
        if isinstance(v, (complex, NP_COMPLEX)):
            return {'type': type(v).__qualname__}
        return scalar_value(v)
    if isinstance(v, ndarray):
        return array_value(v)
    if isinstance(v, (tuple, list)) and depth < 3:
        return [value(x, depth + 1) for x in v[:1000]]
    return {'type': type(v).__qualname__}


def checksum(a):
    return (a.shape, a.dtype, zlib.crc32(np.ascontiguousarray(a).view(np.uint8).reshape(-1)))


class Ids:
    """Value ids: the same object, unchanged, keeps its id; changed in place it gets a new one.

    Arrays are held by weak reference (a training loop's batches must die) and their entry goes
    with them, so a reused id() can never link two values; scalars are kept alive instead.
    """

    def __init__(self):
        self.next = 0
        self.entries = {}  # id(obj) -> [ref or obj, checksum, vid]

    def of(self, v, sig=None):
        """v's value id; `sig`, v's checksum when the caller has just taken it (each costs a pass over the data)."""
        if isinstance(v, ndarray):
            if v.dtype.kind not in 'biuf':
                return None
            key, sig = id(v), sig if sig is not None else checksum(v)
        elif is_scalar(v):
            key, sig = id(v), None
        else:
            return None
        e = self.entries.get(key)
        if e is not None and e[1] == sig:
            return e[2]
        vid, self.next = self.next, self.next + 1
        if e is not None:
            e[1], e[2] = sig, vid
        else:
            ref = v
            if sig is not None:
                ref = weakref.ref(v, lambda _r, k=key: self.entries.pop(k, None))
            self.entries[key] = [ref, sig, vid]
        return vid


def checkable_size(v):
    """How many elements the gradient check would perturb in v (what float_copy would copy)."""
    if isinstance(v, ndarray):
        return v.size if v.dtype.kind in 'fiu' else 0
    return 1 if is_scalar(v) and not isinstance(v, (complex, NP_COMPLEX)) else 0


def float_copy(v):
    """What the gradient check perturbs: a float64 copy of an array or a scalar, else None."""
    if isinstance(v, ndarray) and v.dtype.kind in 'fiu':
        return v.astype(np.float64)
    if is_scalar(v) and not isinstance(v, (complex, NP_COMPLEX)):
        return np.float64(v) if np is not None else float(v)
    return None


def flat_of(v):
    """float64 values of an array, or of a list or tuple of arrays one after another."""
    if isinstance(v, (list, tuple)):
        return np.concatenate([np.asarray(a, dtype=np.float64).reshape(-1) for a in v])
    return np.asarray(v, dtype=np.float64).reshape(-1)


def snapshot(inst, kept):
    """copy.deepcopy(inst) for the gradient check, sharing the copy of each array attribute that
    is unchanged (same checksum) since the instance's last snapshot: a layer holding an 8 MB table
    is copied once, not at every call. `kept`: that snapshot's {name: (checksum, copy)}; returns
    (the copy, the new `kept`). Snapshots are only ever deep-copied again, never written into."""
    try:
        fields = object.__getattribute__(inst, '__dict__')
    except AttributeError:
        return copy.deepcopy(inst), {}
    memo, sums = {}, {}
    for name, v in fields.items():
        if isinstance(v, ndarray) and v.dtype.kind in 'biuf':
            sums[name] = sig = checksum(v)
            prev = kept.get(name)
            if prev is not None and prev[0] == sig:
                memo[id(v)] = prev[1]
    snap = copy.deepcopy(inst, memo)
    try:
        copied = object.__getattribute__(snap, '__dict__')
    except AttributeError:
        return snap, {}
    return snap, dict((name, (sig, copied[name])) for name, sig in sums.items() if name in copied)
