// Cheap readings of Python text, no Python run: where the CodeLens goes (classes that define both
// `forward` and `backward`, the book's layers) and whether a selection is code or an array.
// A class written in some exotic way (methods assigned after the class) simply gets no lens.
// Pure: no vscode, so the unit tests read it directly.

export interface LayerClass {
  name: string;
  /** 0-based line of the `class` statement. */
  line: number;
  methods: string[];
}

const CLASS = /^([ \t]*)class[ \t]+([A-Za-z_]\w*)\s*[(:]/;
const DEF = /^([ \t]*)(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)\s*\(/;

function indentOf(line: string): number {
  return /^[ \t]*/.exec(line)![0].replace(/\t/g, '    ').length;
}

/** Classes whose own body (not a nested class) defines every one of `need`. */
export function layerClasses(text: string, need: readonly string[] = ['forward', 'backward']): LayerClass[] {
  const lines = text.split(/\r?\n/);
  const found: LayerClass[] = [];
  // Open classes, innermost last: a line at or left of a class's indent closes it.
  const open: { name: string; line: number; indent: number; body?: number; methods: Set<string> }[] = [];
  const close = (indent: number) => {
    while (open.length && indent <= open[open.length - 1].indent) {
      const c = open.pop()!;
      if (need.every((m) => c.methods.has(m))) found.push({ name: c.name, line: c.line, methods: [...c.methods] });
    }
  };
  let inString: string | undefined; // inside a triple-quoted string: its lines are not code
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (inString) {
      if (line.includes(inString)) inString = undefined;
      continue;
    }
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const indent = indentOf(line);
    close(indent);
    const cls = CLASS.exec(line);
    const def = DEF.exec(line);
    const top = open[open.length - 1];
    if (top) {
      top.body ??= indent;
      if (def && indent === top.body) top.methods.add(def[2]);
    }
    if (cls) open.push({ name: cls[2], line: i, indent, methods: new Set() });
    const triple = /("""|''')/.exec(trimmed);
    if (triple && trimmed.split(triple[1]).length === 2) inString = triple[1];
  }
  close(-1);
  return found.sort((a, b) => a.line - b.line);
}

/** A cs231n-style layer: a top-level `def <stem>_forward[_variant](`, with a `<stem>_backward…` beside it. */
export interface LayerFunction {
  name: string;
  /** 0-based line of the forward's `def`. */
  line: number;
}

// A name that starts with forward_ or backward_ is no layer's (`forward_backward(x, y, l1, l2)` does both), as in the tracer's pairs.py.
const TOP_DEF = /^def[ \t]+(?!(?:forward|backward)_)([A-Za-z0-9]\w*?)_(forward|backward)(?:_\w+)?[ \t]*\(/;

/** The forwards of function pairs (`affine_forward` with an `affine_backward`), as the tracer pairs them. */
export function layerFunctions(text: string): LayerFunction[] {
  const forwards: { stem: string; name: string; line: number }[] = [];
  const backwards = new Set<string>();
  text.split(/\r?\n/).forEach((l, line) => {
    const m = TOP_DEF.exec(l);
    if (!m) return;
    if (m[2] === 'backward') backwards.add(m[1]);
    else forwards.push({ stem: m[1], name: /^def[ \t]+(\w+)/.exec(l)![1], line });
  });
  return forwards.filter((f) => backwards.has(f.stem)).map(({ name, line }) => ({ name, line }));
}

/** A line that starts a Python statement: a keyword, a call, an assignment (also augmented or to an item). */
const STATEMENT = /^(?:(?:import|from|def|class|for|while|with|if|try|return|print|assert|raise)\b|[A-Za-z_][\w.]*\s*(?:\(|\[[^\]]*\]\s*=(?!=)|=(?!=)|[-+*/@]=))/;
const ASSIGNMENT = /^[A-Za-z_][\w.]*\s*(?::[^=\n]*)?=(?!=)\s*/;
const ARRAY_START = /^(?:(?:np\.|numpy\.)?(?:array|asarray)\s*\(|[[(\d.+-])/;

/**
 * A selection that is Python code rather than an array: two statements or more, or one that is
 * not just an array (`x = [[1, 2]]`, `np.array(...)`). A bare word or a broken array stays with
 * the array parser, whose message says what is wrong with it.
 */
export function looksLikeCode(text: string): boolean {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const statements = lines.filter((l) => STATEMENT.test(l));
  if (statements.length >= 2) return true;
  if (statements.length === 0) return false;
  const first = lines[0];
  return first !== statements[0] || !ARRAY_START.test(first.replace(ASSIGNMENT, ''));
}
