// The few `vscode` APIs the host's HTML helper and the warm-up (settings at their defaults) touch, so it can be tested in plain Node.
// Importing this module installs the mock for every later `require('vscode')`.
import Module from 'node:module';

class Uri {
  constructor(readonly path: string) {}
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri([base.path, ...parts].join('/'));
  }
  static file(path: string): Uri {
    return new Uri(path);
  }
  toString(): string {
    return `file://${this.path}`;
  }
}

export const vscodeMock = {
  Uri,
  env: { language: 'en' },
  // Every setting at its default.
  workspace: { getConfiguration: () => ({ get: <T>(_key: string, fallback?: T) => fallback }) },
  l10n: { t: (message: string, ...args: unknown[]) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)])) },
};

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const mod = Module as unknown as { _load: Load };
const load = mod._load;
mod._load = function (request: string, parent: unknown, isMain: boolean): unknown {
  return request === 'vscode' ? vscodeMock : load.call(this, request, parent, isMain);
};

/** A webview whose resources are served from `cspSource`, as VS Code's are. */
export const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';
export function mockWebview(): { cspSource: string; asWebviewUri(u: Uri): { toString(): string } } {
  return { cspSource: CSP_SOURCE, asWebviewUri: (u: Uri) => ({ toString: () => `${CSP_SOURCE}${u.path}` }) };
}
