"""Where the records go, as they happen. The host reads an append-only stream (--stream FILE):
one JSON object a line, each written with a single os.write when it happens, so SIGKILL, a
segfault, the OOM killer or os._exit leave every line before it readable (a half-written last
line is the reader's to drop). --out FILE is the one-object result of earlier versions, written
at the end (scripts and tests that want one JSON file).

The records, in order: head (Python's version, pid, timing); call (a recorded call's arguments, when it
starts) and ret (its result, in-place writes and attributes, when it returns), joined by "i";
cap; hints; ran (the reader's code ended: the instances whose checks run now); check (one
instance's verdict, as it is made); end (how the run ended: finished, raised, exit, signal,
os._exit, cap).
"""
import json
import os


def stub(rec):
    """A call whose values did not fit under --max-output-bytes."""
    keep = ('class', 'instance', 'method', 'function', 'lossGrad', 'thread', 'generator', 'params', 'line', 'file', 'defLine', 'defFile', 'pass', 'parent', 'pairs')
    out = dict((key, rec[key]) for key in keep if key in rec)
    out.update(args=[], argIds=[], result=None, resultId=None, inPlace=[], attrs={}, attrIds={}, dropped=True)
    return out


class Stream:
    """--stream FILE: the records, a line each, written through (no buffer to lose)."""

    def __init__(self, path):
        # O_APPEND, and not inherited by programs the reader's code starts (PEP 446)
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o600)
        self.pid = os.getpid()

    def emit(self, record):
        self.emit_text(record, json.dumps(record, allow_nan=False))

    def emit_text(self, _record, text):
        if self.fd is None or os.getpid() != self.pid:  # a forked child must not write the parent's records
            return
        data = (text + '\n').encode('utf-8')
        while data:
            data = data[os.write(self.fd, data):]

    def close(self):
        if self.fd is not None and os.getpid() == self.pid:
            os.close(self.fd)
            self.fd = None


class OneFile:
    """--out FILE: the records joined into one result object, written when the run ends."""

    def __init__(self, path):
        self.path, self.head, self.calls, self.extra = path, {}, [], {}

    def emit(self, record):
        self.emit_text(record, None)

    def emit_text(self, record, _text):
        kind = record['t']
        if kind == 'head':
            self.head = record
        elif kind == 'call':
            self.calls.append(dict(record))
        elif kind == 'ret':
            self.calls[record['i']].update(record)
        elif kind == 'cap':
            self.extra.update(capped=True, truncated=record['truncated'])
        elif kind == 'check':  # one layer instance's verdict, sent when it was made
            self.extra.setdefault('gradcheck', []).append(record['check'])
        elif kind == 'hints':
            self.extra['hints'] = record['hints']
        elif kind == 'end':
            self.write(record)

    def write(self, end):
        calls = []
        for c in self.calls:
            done = 'result' in c
            c = dict((k, v) for k, v in c.items() if k not in ('t', 'i'))
            if not done:  # cut short by the cap or a signal (a dropped call has its empty values)
                c.update(result=None, resultId=None, inPlace=[], attrs={}, attrIds={})
                if not c.get('dropped'):
                    c['incomplete'] = True
            calls.append(c)
        out = {'version': 1, 'python': self.head.get('python'), 'calls': calls,
               'gradcheck': self.extra.get('gradcheck', []), 'passes': end['passes'],
               'capped': self.extra.get('capped', False), 'truncated': self.extra.get('truncated', False),
               'stdout': '', 'timing': end['timing']}
        if end.get('numpy'):  # the numpy the program imported (none: number-only layers)
            out['numpy'] = end['numpy']
        if self.extra.get('hints'):
            out['hints'] = self.extra['hints']
        if end['how'] == 'cap':
            out['stoppedAtCap'] = True
        if 'unrecorded' in end:
            out['unrecorded'] = end['unrecorded']
        if end.get('error'):
            out['error'] = end['error']
        tmp = self.path + '.tmp'
        with open(tmp, 'w', encoding='utf-8') as fh:
            json.dump(out, fh, allow_nan=False)
        os.replace(tmp, self.path)

    def close(self):
        pass


class Sinks:
    """Both, when both were asked for."""

    def __init__(self, sinks):
        self.sinks = sinks

    def emit(self, record):
        self.emit_text(record, json.dumps(record, allow_nan=False))

    def emit_text(self, record, text):
        for s in self.sinks:
            s.emit_text(record, text)

    def close(self):
        for s in self.sinks:
            s.close()


def open_sinks(opts):
    sinks = ([Stream(opts.stream)] if opts.stream else []) + ([OneFile(opts.out)] if opts.out else [])
    return sinks[0] if len(sinks) == 1 else Sinks(sinks)
