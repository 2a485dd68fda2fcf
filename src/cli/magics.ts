// IPython's own lines in a notebook cell (`%matplotlib inline`, `!pip install numpy`, `%%bash`,
// `np.sum?`) are not Python: run mode runs the cells with plain Python, so these lines are
// replaced before the run, keeping every other line where it was (tracebacks still point at the
// cell's own line numbers). `%time` / `%timeit` / `%%time` / `%%timeit` / `%%capture` wrap code
// the notebook means to run: that code runs once, untimed. Everything else is skipped. Each
// replaced line is returned so the caller can say so. One home for the extension and the CLI;
// pure (no vscode, no Node).

export interface MagicLine {
  /** 1-based line in the cell. */
  line: number;
  /** The line as written, trimmed. */
  text: string;
  /** 'ran': the code after %time / %timeit ran once, untimed; 'skipped': not run at all. */
  what: 'ran' | 'skipped';
}

export interface CellCode {
  code: string;
  magics: MagicLine[];
}

/** Cell magics whose body is Python the notebook means to run. */
const RUN_BODY = new Set(['time', 'timeit', 'capture', 'prun']);
/** Line magics followed by a statement the notebook means to run. */
const RUN_REST = new Set(['time', 'timeit', 'prun']);

const LINE_MAGIC = /^([ \t]*)(?:[A-Za-z_][\w.]*\s*=\s*)?(%{1,2}|!{1,2})(.*)$/;
const HELP = /^[ \t]*(?:\?{1,2}[A-Za-z_][\w.]*|[A-Za-z_][\w.]*\?{1,2})[ \t]*$/;

/**
 * The statement after `%time` / `%timeit` and their options (`-n 10 -r 3`), or undefined for a
 * magic whose argument is not a statement to run.
 */
function statementAfter(magic: string): string | undefined {
  const m = /^(\w+)\s*(.*)$/.exec(magic);
  if (!m || !RUN_REST.has(m[1])) return undefined;
  const rest = m[2].replace(/^(?:-[a-zA-Z](?:\s+(?![-])\S+)?\s+)*/, '').replace(/^(?:-[a-zA-Z]\s*)*/, '');
  return rest.trim() ? rest : undefined;
}

/**
 * Per line: whether it starts a statement (not inside brackets, a triple-quoted string or after a
 * backslash), so `x = (a\n % b)` or a `%` line inside a docstring is left alone.
 */
function statementStarts(lines: readonly string[]): boolean[] {
  const starts: boolean[] = [];
  let depth = 0;
  let triple: string | undefined;
  let continued = false;
  for (const line of lines) {
    starts.push(depth === 0 && triple === undefined && !continued);
    let i = 0;
    while (i < line.length) {
      const c = line[i];
      if (triple !== undefined) {
        if (line.startsWith(triple, i)) {
          i += 3;
          triple = undefined;
        } else i += c === '\\' ? 2 : 1;
        continue;
      }
      if (c === '#') break;
      if (c === '"' || c === "'") {
        if (line.startsWith(c.repeat(3), i)) {
          triple = c.repeat(3);
          i += 3;
          continue;
        }
        // a one-line string: to its closing quote (or the end of the line)
        i++;
        while (i < line.length && line[i] !== c) i += line[i] === '\\' ? 2 : 1;
        i++;
        continue;
      }
      if ('([{'.includes(c)) depth++;
      else if (')]}'.includes(c)) depth = Math.max(0, depth - 1);
      i++;
    }
    continued = /\\$/.test(line);
  }
  return starts;
}

/** The cell's code with IPython's lines replaced, and which lines those were. */
export function cellCode(source: string): CellCode {
  const lines = source.split('\n');
  const magics: MagicLine[] = [];
  const first = lines.findIndex((l) => l.trim() !== '');
  const cellMagic = first >= 0 ? /^[ \t]*%%(\w+)/.exec(lines[first]) : null;
  if (cellMagic) {
    const text = lines[first].trim();
    if (RUN_BODY.has(cellMagic[1])) {
      magics.push({ line: first + 1, text, what: 'ran' });
      lines[first] = '';
    } else {
      // %%bash, %%writefile, %%html...: the whole cell is for another runner
      magics.push({ line: first + 1, text, what: 'skipped' });
      return { code: lines.map(() => '').join('\n'), magics };
    }
  }
  const starts = statementStarts(lines);
  for (let i = 0; i < lines.length; i++) {
    if (!starts[i]) continue;
    const line = lines[i];
    const m = LINE_MAGIC.exec(line);
    const help = HELP.test(line);
    if (!m && !help) continue;
    // `x != y` and `a % b` never start a line; `!` / `%` at a statement's start are IPython's
    if (m && m[2] === '!' && line.slice(m[1].length).startsWith('!=')) continue;
    const indent = /^[ \t]*/.exec(line)![0];
    const run = m && m[2] === '%' && !/=\s*%/.test(line) ? statementAfter(m[3]) : undefined;
    magics.push({ line: i + 1, text: line.trim(), what: run !== undefined ? 'ran' : 'skipped' });
    // `pass` keeps an indented block valid where the magic was its only line
    lines[i] = indent + (run ?? 'pass');
  }
  return { code: lines.join('\n'), magics };
}
