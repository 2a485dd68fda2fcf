// Which Python runs the reader's code: the Python extension's selected interpreter when that
// extension is installed (read through its exported API, so it stays optional), else the
// setting backpropTrace.python.path, else python3, then python on PATH. Each is asked whether
// it imports numpy; the first that does is used, and the notes say which one and why. When none
// has numpy, the first that starts is used all the same (layers on plain numbers, the book's
// MulLayer, are traced without it) and its note says so.
import { execFile, type ExecFileException } from 'child_process';
import * as vscode from 'vscode';

export interface Interpreter {
  exe: string;
  /** Where it came from, for the panel's notes: "the Python extension", "backpropTrace.python.path", "PATH". */
  from: string;
  version: string;
}

interface Candidate { exe: string; from: string }

/** Probe results by executable, for this window: a probe costs a Python start-up (~50 ms+). */
type Probed = { version: string; numpy: boolean } | { problem: string };
const probed = new Map<string, Probed>();
export function forgetInterpreters(): void {
  probed.clear();
}

const PROBE = 'import sys\nprint("%d.%d.%d" % sys.version_info[:3])\ntry:\n    import numpy\n    print(numpy.__version__)\nexcept ImportError:\n    pass';

/** The Python extension's API, duck-typed (no @vscode/python-extension dependency). */
async function fromPythonExtension(resource: vscode.Uri | undefined): Promise<string | undefined> {
  const ext = vscode.extensions.getExtension('ms-python.python');
  if (!ext) return undefined;
  try {
    const api = (ext.isActive ? ext.exports : await ext.activate()) as {
      ready?: Promise<void>;
      environments?: {
        getActiveEnvironmentPath(r?: vscode.Uri): { path: string } | undefined;
        resolveEnvironment?(p: { path: string }): Promise<{ executable?: { uri?: vscode.Uri } } | undefined>;
      };
    } | undefined;
    await api?.ready;
    const envPath = api?.environments?.getActiveEnvironmentPath(resource);
    if (!envPath?.path) return undefined;
    // The active path may be an environment's folder (conda): resolve it to its executable.
    const resolved = await api?.environments?.resolveEnvironment?.(envPath);
    return resolved?.executable?.uri?.fsPath ?? envPath.path;
  } catch {
    return undefined; // an old or broken Python extension: fall back to the setting
  }
}

/** Probes under way: the one started early (prewarmInterpreter) is awaited, not repeated. */
const probing = new Map<string, Promise<Probed>>();

function probe(c: Candidate): Promise<Probed> {
  const known = probed.get(c.exe);
  if (known) return Promise.resolve(known);
  let p = probing.get(c.exe);
  if (!p) {
    p = probeOnce(c).finally(() => probing.delete(c.exe));
    probing.set(c.exe, p);
  }
  return p;
}

async function probeOnce(c: Candidate): Promise<Probed> {
  // A one-line check, no shell; the tracer runs later through the CLI's spawning module.
  const r = await new Promise<{ code: number | null; stdout: string; stderr: string; error?: ExecFileException }>((resolve) => {
    execFile(c.exe, ['-c', PROBE], { timeout: 15_000, maxBuffer: 64 * 1024, windowsHide: true }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr, error: error ?? undefined }));
  });
  let result: Probed;
  if (r.error && typeof r.error.code === 'string') result = { problem: vscode.l10n.t('{0} ({1}) could not be started', c.exe, c.from) };
  else if (r.error?.killed) result = { problem: vscode.l10n.t('{0} ({1}) did not answer', c.exe, c.from) };
  else if (r.code !== 0) result = { problem: vscode.l10n.t('{0} ({1}) failed to start Python', c.exe, c.from) };
  else {
    const [py, np] = r.stdout.trim().split(/\s+/);
    result = np
      ? { version: vscode.l10n.t('Python {0}, numpy {1}', py ?? '?', np), numpy: true }
      : { version: vscode.l10n.t('Python {0} without numpy: only layers on plain numbers are traced', py ?? '?'), numpy: false };
  }
  // A missing interpreter may be installed a minute later: only keep the good answers.
  if ('version' in result) probed.set(c.exe, result);
  return result;
}

let last: Interpreter | undefined;
/** The interpreter found last (the prewarm's, when a Python file opened): what run mode's page names before the search ends. */
export const lastInterpreter = (): Interpreter | undefined => last;

/** The interpreter to use, or one sentence saying what was tried and how to set the path. */
export async function findInterpreter(resource: vscode.Uri | undefined, settingPath: string): Promise<Interpreter | string> {
  const candidates: Candidate[] = [];
  const selected = await fromPythonExtension(resource);
  if (selected) candidates.push({ exe: selected, from: vscode.l10n.t('the Python extension') });
  if (settingPath) candidates.push({ exe: settingPath, from: 'backpropTrace.python.path' });
  candidates.push({ exe: 'python3', from: 'PATH' }, { exe: 'python', from: 'PATH' });
  const problems: string[] = [];
  let bare: Interpreter | undefined; // the first that starts, without numpy
  for (const c of candidates) {
    const r = await probe(c);
    if ('version' in r && r.numpy) return (last = { exe: c.exe, from: c.from, version: r.version });
    if ('version' in r) bare ??= { exe: c.exe, from: c.from, version: r.version };
    else problems.push(r.problem);
  }
  if (bare) return (last = bare);
  return vscode.l10n.t(
    'No Python with numpy was found: {0}. Install numpy (python3 -m pip install numpy) or set "backpropTrace.python.path" to an interpreter that has it.',
    problems.join('; '),
  );
}
