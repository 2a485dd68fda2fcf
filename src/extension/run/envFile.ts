// The workspace's environment file (the Python extension's "python.envFile", by default
// ${workspaceFolder}/.env), read for a run as the Python extension's debugger reads it: where
// VS Code users put PYTHONPATH so that `from ch05.layers import Relu` finds the workspace's
// packages. Only read, in a trusted workspace, when a run is asked for.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

export interface EnvFile {
  /** Where it was read from. */
  file: string;
  vars: Record<string, string>;
  /** Why a file that is there could not be read (the run goes on without it, and says so). */
  problem?: string;
}

/**
 * KEY=VALUE lines as dotenv files write them: `#` comments, an optional `export `, values in
 * single or double quotes (double-quoted ones with \n), `${NAME}` from the lines above or `base`.
 */
export function parseEnvFile(text: string, base: Record<string, string | undefined>): Record<string, string> {
  const vars: Record<string, string> = {};
  const expand = (v: string) => v.replace(/\$\{(\w+)\}/g, (_m, k: string) => vars[k] ?? base[k] ?? '');
  for (const raw of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_]\w*)\s*=\s*(.*?)\s*$/.exec(raw);
    if (!m) continue;
    const [, key, value] = m;
    const quoted = /^(['"])(.*)\1$/.exec(value);
    if (quoted?.[1] === "'") vars[key] = quoted[2];
    else if (quoted) vars[key] = expand(quoted[2].replace(/\\n/g, '\n'));
    else vars[key] = expand(value.replace(/\s+#.*$/, ''));
  }
  return vars;
}

/** The environment file of the workspace folder holding `resource`, if there is one. */
export function readEnvFile(resource: vscode.Uri): EnvFile | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(resource) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== 'file') return undefined;
  const setting = vscode.workspace.getConfiguration('python', resource).get<string>('envFile') || '${workspaceFolder}/.env';
  const file = path.resolve(folder.uri.fsPath, setting.replace(/\$\{workspaceFolder\}/g, folder.uri.fsPath));
  try {
    return { file, vars: parseEnvFile(fs.readFileSync(file, 'utf8'), process.env) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined; // none: the usual case
    return { file, vars: {}, problem: e instanceof Error ? e.message : String(e) };
  }
}
