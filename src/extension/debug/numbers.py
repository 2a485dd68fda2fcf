"""A number as the panel can read it: a Python number of a program without numpy sent as numpy
would hold it, and what float64 (the panel's numbers) cannot hold exactly said or sent as text.

Part of the probe (probe.py): the host sends the files as one text, exec'd into one fresh dict,
so `numpy` and `scalar_kind` here are probe.py's. An integer past 2**53 has no float64 of its own
(2**53 + 1 would be drawn 9007199254740992): its str() travels with it and is drawn instead.
"""
import base64
import struct


def number_answer(obj):
    """A Python number of a program without numpy, sent as numpy holds it: int64, float64, bool."""
    dtype, fmt = ('bool', '<?') if isinstance(obj, bool) else ('int64', '<q') if isinstance(obj, int) else ('float64', '<d')
    sent = dtype
    try:
        raw = struct.pack(fmt, obj)
    except struct.error:  # an int past int64 (numpy would hold it as an object): its nearest float64, drawn as its str()
        try:
            raw, sent = struct.pack('<d', float(obj)), 'float64'
        except OverflowError:
            return {'error': 'an int too big for a float64 too (%d bits), not a number Backprop Trace can compute with' % obj.bit_length(), 'kind': 'type'}
    head = {'kind': 'array', 'type': type(obj).__qualname__, 'shape': [], 'dtype': dtype, 'size': 1, 'sentDtype': sent,
            'nbytes': len(raw), 'data': base64.b64encode(raw).decode('ascii')}
    if scalar_kind(obj):
        head['scalar'] = scalar_kind(obj)
    return exact(head, obj)


def exact(head, obj, a=None):
    """What float64 (the panel's numbers) cannot hold exactly: a number past 2**53 also as its
    str() (drawn instead), an integer array's count of such elements (said)."""
    if isinstance(obj, int) and not isinstance(obj, bool) or numpy is not None and isinstance(obj, numpy.integer):
        if abs(int(obj)) > 2 ** 53:
            head['text'] = str(obj)
    elif a is not None and a.dtype.kind in 'iu' and a.itemsize == 8 and a.size:
        n = int(numpy.count_nonzero(a > 2 ** 53)) + (int(numpy.count_nonzero(a < -2 ** 53)) if a.dtype.kind == 'i' else 0)
        if n:
            head['inexact'] = n
    return head
