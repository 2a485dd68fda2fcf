"""Whose code is whose: the reader's files against the tracer's own (this package and its entry),
the standard library and site-packages; and errors as the host shows them (the reader's frames
only, never the tracer's)."""
import os
import site
import sys
import sysconfig
import traceback

from .constants import TRACER_DIR
from .errortext import describe_exception

TRACER_PREFIX = TRACER_DIR + os.sep  # the entry bpt_trace.py and this package


def library_dirs():
    """Folders whose code is not the reader's: the standard library and site-packages, Debian's
    /usr/lib/python3/dist-packages too (its python3-numpy, python3-torch), which sysconfig omits."""
    paths = [sysconfig.get_paths().get(key) for key in ('stdlib', 'platstdlib', 'purelib', 'platlib')]
    paths += getattr(site, 'getsitepackages', lambda: [])() + [getattr(site, 'getusersitepackages', lambda: None)()]
    return tuple(set(os.path.realpath(p) + os.sep for p in paths if p))


LIB_DIRS = library_dirs()


def is_user_file(filename):
    """The reader's code: not the tracer, not the standard library, not site-packages."""
    if not filename or filename.startswith(TRACER_PREFIX) or filename.startswith('<'):
        return False
    return not os.path.isabs(filename) or not os.path.realpath(filename).startswith(LIB_DIRS)


def describe_error(e):
    """The error as the host shows it: the last traceback frame in the reader's own files."""
    frames = [fr for fr in traceback.extract_tb(e.__traceback__) if not fr.filename.startswith(TRACER_PREFIX)]
    user = [fr for fr in frames if is_user_file(fr.filename)]
    out = {'message': describe_exception(e), 'line': None, 'file': None}
    if isinstance(e, SyntaxError):  # the frames are the tracer's compile, not the reader's code
        frames, out['message'] = [], 'SyntaxError: %s' % e.msg
    if user:
        out['line'], out['file'] = user[-1].lineno, user[-1].filename
    if isinstance(e, SyntaxError) and e.filename and is_user_file(e.filename):
        out['line'], out['file'], out['column'] = e.lineno, e.filename, e.offset
    if isinstance(e, ModuleNotFoundError) and user:
        missed_import(e.name, user[-1].filename, out)
    tb = ['Traceback (most recent call last):\n'] + traceback.format_list(frames) if frames else []
    out['traceback'] = ''.join(tb + traceback.format_exception_only(type(e), e))
    return out


def missed_import(name, filename, out):
    """Where an import that failed would have found its module, said in `out`'s message: from the
    file's own folder (the book's sys.path.append(os.pardir), run from elsewhere: `runFrom`), or in
    the folder the program runs from, which Python does not search (`pythonPath`: PYTHONPATH would)."""
    top, cwd = (name or '').split('.')[0], os.getcwd()
    folder = folder_it_needs(name, filename)
    if folder:
        out['message'] += " (%s is in %s, the folder %r on sys.path names when the program runs from its own folder, %s; it ran from %s)" % (
            top, folder[1], folder[2], folder[0], cwd)
        out['runFrom'] = folder[0]
    elif top and has_module(cwd, top) and os.path.isabs(filename) and os.path.dirname(filename) != cwd \
            and cwd not in [os.path.abspath(p) for p in sys.path if isinstance(p, str) and p]:
        out['message'] += " (%s is in %s, the folder the program runs from, which Python does not search for imports: it searches the file's own folder, %s, and PYTHONPATH)" % (
            top, cwd, os.path.dirname(filename))
        out['pythonPath'] = cwd


def has_module(folder, top):
    """Whether `import top` would find a package or module in folder."""
    return any(os.path.exists(os.path.join(folder, top + end)) for end in ('', '.py'))


def folder_it_needs(name, filename):
    """(the file's folder, where the module is, the sys.path entry) when a relative entry of sys.path
    (the book's os.pardir, '..') finds module `name` from the folder of the file whose import
    failed, though not from the folder the program runs in; else None."""
    if not name or not filename or not os.path.isabs(filename):
        return None
    top, here = name.split('.')[0], os.path.dirname(filename)
    for entry in sys.path:
        if not isinstance(entry, str) or not entry or os.path.isabs(entry):
            continue
        where = os.path.normpath(os.path.join(here, entry))
        if where != os.path.normpath(os.path.abspath(entry)) and has_module(where, top):
            return here, where, entry
    return None
