// The webview's HTML: a strict CSP where only our bundled script (by nonce) and our own
// stylesheets may load; nothing inline, nothing remote.
import * as vscode from 'vscode';

export function getNonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let nonce = '';
  for (let i = 0; i < 32; i++) nonce += chars.charAt(Math.floor(Math.random() * chars.length));
  return nonce;
}

/** The folders the webview may load from: built code and media, nothing else. */
export function resourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function getHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = getNonce();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'webview.css'));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link href="${style}" rel="stylesheet">
  <title>Backprop Trace</title>
</head>
<body>
  <header class="toolbar">
    <h1 id="title">Backprop Trace</h1>
    <span class="legend"><span class="swatch forward"></span>forward value <span class="swatch backward"></span>backward gradient</span>
  </header>
  <main id="graph" role="img" aria-labelledby="title" aria-describedby="graph-text"></main>
  <section id="graph-text" class="sr-only" aria-live="polite"></section>
  <script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
