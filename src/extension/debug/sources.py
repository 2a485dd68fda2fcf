"""The probe's way to the tracer's package: imported from the text the host sent (sources.py).

Part of the probe (probe.py says what it is): the host appends this file to it, so it runs in the
same fresh dict. The tracer's value form, ids and gradient check have one home, the tracer's own
package; a paused program may run where the extension's files are not (a remote debuggee), so the
package's text travels in the expression and is imported from there under a private name.
"""
import importlib
import importlib.util
import json
import os
import sys

TRACER = {}  # the tracer's functions, once loaded
PKG = '_backprop_trace_probe_tracer'


class Sources:
    """Imports the tracer's package from the text the host sent, under a private name: the
    program may run where the extension's files are not (a remote debuggee)."""

    def __init__(self, sources):
        self.files = json.loads(sources)

    def find_spec(self, name, path=None, target=None):
        mod = self.module(name)
        if mod is None or mod not in self.files:
            return None
        return importlib.util.spec_from_loader(name, self, is_package=mod == '__init__')

    @staticmethod
    def module(name):
        if name == PKG:
            return '__init__'
        return name[len(PKG) + 1:] if name.startswith(PKG + '.') else None

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        mod = self.module(module.__name__)
        text = self.files[mod]
        module.__file__ = os.path.join(self.files.get('dir', '<backprop-trace>'), 'bpt_tracer', mod + '.py')
        if mod == 'constants':  # the shared numbers from the text sent, not from a file
            module.__dict__['_SENT'] = json.loads(self.files['constants.json'])
            text = text.replace('SHARED = _load()', 'SHARED = _SENT')
        exec(compile(text, module.__file__, 'exec'), module.__dict__)


def load_tracer():
    """The tracer's value form, ids and gradient check: one home, the tracer's own package."""
    if 'check_pair' in TRACER:
        return TRACER
    finder = Sources(TRACER['sources'])
    sys.meta_path.insert(0, finder)
    try:
        mods = [importlib.import_module('%s.%s' % (PKG, m)) for m in ('values', 'portshapes', 'gradcheck', 'output', 'files', 'held')]
    finally:
        sys.meta_path.remove(finder)
    for m in mods:
        TRACER.update((k, v) for k, v in vars(m).items() if not k.startswith('_'))
    return TRACER
