"""What leaves the tracer: the program's stdout, captured (capped at STDOUT_CAP), and the result
file, written to a temporary name and renamed so the host never reads half a file."""
import json
import os
import sys

from .values import np  # None without numpy: the host reports that case

from .constants import STDOUT_CAP


class StdoutCapture:
    """sys.stdout while the reader's code runs: the text goes into the result, capped."""

    def __init__(self):
        self.parts, self.size, self.truncated = [], 0, False

    def write(self, s):
        s = str(s)
        if self.size < STDOUT_CAP:
            self.parts.append(s[:STDOUT_CAP - self.size])
        self.truncated = self.truncated or self.size + len(s) > STDOUT_CAP
        self.size += len(s)
        return len(s)

    def flush(self):
        pass

    def isatty(self):
        return False

    def text(self):
        return ''.join(self.parts)


def write_result(rec, error, stopped=False):
    """The result file: every call recorded so far, the gradient check, the program's stdout."""
    stdout = rec.stdout
    for frame, p in list(rec.pending.items()):  # calls cut short by the cap or a signal
        cut = dict(p[1], result=None, resultId=None, inPlace=[], attrs={}, attrIds={}, incomplete=True)
        rec.calls[p[0]] = json.dumps(cut, allow_nan=False)
    # a call caught between its return and its record (a signal at that moment): a placeholder
    lost = json.dumps({'class': '?', 'instance': -1, 'method': '?', 'params': [], 'args': [], 'argIds': [],
                       'result': None, 'resultId': None, 'inPlace': [], 'line': None, 'file': None,
                       'pass': rec.pass_index, 'attrs': {}, 'incomplete': True})
    calls = [c if c is not None else lost for c in rec.calls]
    head = {'version': 1, 'python': '%d.%d.%d' % sys.version_info[:3], 'numpy': np.__version__,
            'gradcheck': rec.gradchecks or [], 'passes': rec.passes,
            'capped': rec.capped, 'truncated': rec.truncated,
            'stdout': stdout.text() if stdout else '', 'stdoutTruncated': bool(stdout and stdout.truncated),
            'timing': rec.timing}
    if stopped:
        head['stoppedAtCap'] = True
    if error:
        head['error'] = error
    text = json.dumps(head, allow_nan=False)
    text = '{"calls":[%s],%s' % (','.join(calls), text[1:])
    tmp = rec.opts.out + '.tmp'
    with open(tmp, 'w', encoding='utf-8') as fh:
        fh.write(text)
    os.replace(tmp, rec.opts.out)
