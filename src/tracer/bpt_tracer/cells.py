"""The reader's code to run: a .py file, or notebook cells run in order in one namespace (a
"restart and run up to here"), with Jupyter's echo of a cell's last bare expression."""
import ast
import json
import os


def load_sources(opts):
    """[(code, filename, first line)] to run in order in one namespace."""
    if opts.file:
        path = os.path.abspath(opts.file)
        with open(path, 'rb') as fh:
            return [(fh.read().decode('utf-8'), path, 1)], path
    with open(opts.cells, 'r', encoding='utf-8') as fh:
        cells = json.load(fh)
    if not isinstance(cells, list) or not all(isinstance(c, dict) and isinstance(c.get('code'), str) for c in cells):
        raise ValueError('--cells must hold a JSON list of {"code", "filename", "line"}')
    return [(c['code'], str(c.get('filename') or 'cell%d' % (i + 1)), int(c.get('line') or 1))
            for i, c in enumerate(cells)], None


def run_source(code, filename, namespace, cell):
    """exec, and for a notebook cell Jupyter's echo of a last bare expression (its Out[n])."""
    tree = ast.parse(code, filename)
    last = tree.body[-1] if cell and tree.body and isinstance(tree.body[-1], ast.Expr) else None
    if last is not None:
        tree.body.pop()
    exec(compile(tree, filename, 'exec'), namespace)
    if last is not None:
        shown = eval(compile(ast.Expression(last.value), filename, 'eval'), namespace)
        if shown is not None:
            print(repr(shown))
