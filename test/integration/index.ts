// Mocha runner loaded INSIDE the extension host (desktop VS Code or code-server).
// Contract shared with @vscode/test-electron: export run(), reject = failure.
// Everything is written through console.*, because in code-server that is what the
// workbench forwards to the launcher (codeAutomationLog) and so into the CI log.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { countWith, takeMarker } from './reload/marker';

/** Compiled *.test.js files below this folder, found without a glob dependency. */
function findTests(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return findTests(p);
    return e.isFile() && e.name.endsWith('.test.js') ? [p] : [];
  }).sort();
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    timeout: 60_000,
    // Colour codes survive the trip to the CI log but make it hard to grep.
    color: !process.env.CI,
  });
  // Optional filter, e.g. BPT_GREP="hover" npm run test:integration
  if (process.env.BPT_GREP) mocha.grep(process.env.BPT_GREP);
  // A real window reload splits the run in two extension hosts: the suites, then reload/before.js
  // last (it reloads the window); in the new window, only reload/after.js, adding the first half's counts.
  const before = takeMarker();
  if (before) mocha.addFile(path.join(__dirname, 'reload', 'after.js'));
  else {
    for (const f of findTests(__dirname)) mocha.addFile(f);
    mocha.addFile(path.join(__dirname, 'reload', 'before.js'));
  }

  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((ownFailures) => {
        const passes = (runner.stats?.passes ?? 0) + (before?.passes ?? 0);
        const failures = ownFailures + (before?.failures ?? 0);
        // Closing line CI looks for; keep it exactly this shape.
        console.log(`${passes} passed, ${failures} failed`);
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else resolve();
      });
      countWith(() => ({ passes: runner.stats?.passes ?? 0, failures: runner.stats?.failures ?? 0 }));
      // Each failure in full as it happens: the first window's closing summary never prints (it reloads).
      runner.on('fail', (test: Mocha.Test, err: Error) => console.log(`      FAILED: ${test.fullTitle()}\n${(err.stack ?? err.message).replace(/^/gm, '        ')}`));
    } catch (err) {
      console.error(err);
      console.log('0 passed, 1 failed');
      reject(err);
    }
  });
}

/**
 * Ask the test launcher for a screenshot of the whole browser page (workbench,
 * webviews and hovers included) and wait until it is written to
 * test-results/<name>.png. Only code-server runs can do this (BPT_SCREENSHOT_DIR is set
 * by scripts/code-server-launcher); under desktop VS Code it logs and returns null.
 * With `selector` (e.g. '.webview.ready') only the first visible element matching it is shot.
 */
export async function screenshot(name: string, timeoutMs = 15_000, selector?: string): Promise<string | null> {
  const dir = process.env.BPT_SCREENSHOT_DIR;
  if (!/^[\w.-]+$/.test(name)) throw new Error(`bad screenshot name: ${name}`);
  if (!dir) {
    console.log(`(screenshot ${name} skipped: not running under the code-server launcher)`);
    return null;
  }
  const file = path.join(dir, `${name}.png`);
  fs.rmSync(file, { force: true });
  // A toast left by an earlier test ("numpy code copied…") would cover the panel's bottom in the
  // README's pictures; the tests never read toasts from the screen.
  await vscode.commands.executeCommand('notifications.clearAll');
  await new Promise((r) => setTimeout(r, 250));
  // The launcher watches the forwarded console for this line, shoots, then renames the
  // finished file into place, so existence means complete.
  console.log(`@@screenshot ${name}${selector ? ` ${selector}` : ''}`);
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`screenshot ${name} not taken within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return file;
}

/**
 * A key pressed on an element of the panel's page (`selector` inside the webview's own frame), as
 * a user's keyboard does it, or that element's text read (`key` = 'text'). The launcher does it and
 * writes test-results/<name>.txt; resolves with that text, or null outside the code-server launcher.
 */
export async function inPanel(name: string, key: string, selector: string, timeoutMs = 15_000): Promise<string | null> {
  const dir = process.env.BPT_SCREENSHOT_DIR;
  if (!/^[\w.-]+$/.test(name) || /\s/.test(key)) throw new Error(`bad name or key: ${name} ${key}`);
  if (!dir) {
    console.log(`(${name} skipped: not running under the code-server launcher)`);
    return null;
  }
  const file = path.join(dir, `${name}.txt`);
  fs.rmSync(file, { force: true });
  console.log(key === 'text' ? `@@text ${name} - ${selector}` : `@@press ${name} ${key} ${selector}`);
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${name} (${key} on ${selector}) not done within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return fs.readFileSync(file, 'utf8');
}
