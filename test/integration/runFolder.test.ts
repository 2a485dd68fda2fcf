// Where run mode runs a file: as the Python extension's Run Python File does, from the workspace
// folder, or from the file's own folder with "python.terminal.executeInFileDir". The book's
// programs need the latter (their sys.path.append(os.pardir) is taken from the folder the program
// runs in); run from the workspace folder, the failed import says where the module is and how to
// run from there. A real extension host, the real tracer and Python.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/extension/run/runCode';
import { BOOK_RELU } from '../fixtures/bookLayers';
import { screenshot } from './index';
import { closeAll, runModeSuite } from './util';

const traceFile = async (args?: unknown) => (await vscode.commands.executeCommand('backpropTrace.traceFile', args)) as RunOutcome;
const inFileDir = () => vscode.workspace.getConfiguration('python.terminal').get<boolean>('executeInFileDir');

/**
 * The workspace's settings file with the Python extension's setting in it, as a user writes it:
 * the setting is the Python extension's (not installed here), so VS Code's API refuses to write it.
 */
async function settingsFile(text: string | undefined): Promise<void> {
  const dir = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.vscode');
  if (text === undefined) fs.rmSync(dir, { recursive: true, force: true });
  else {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'settings.json'), text);
  }
  const want = text === undefined ? undefined : true;
  for (const end = Date.now() + 10_000; inFileDir() !== want && Date.now() < end;) await new Promise((r) => setTimeout(r, 100));
  assert.strictEqual(inFileDir(), want, 'VS Code read the settings file');
}

describe('run mode: the folder a file runs from', function () {
  this.timeout(90_000);
  let book: string;
  runModeSuite();
  before(() => {
    // The book's layout: ch05/ beside common/, imported through os.pardir.
    book = fs.mkdtempSync(path.join(os.tmpdir(), 'bpt-book-'));
    fs.mkdirSync(path.join(book, 'common'));
    fs.mkdirSync(path.join(book, 'ch05'));
    fs.writeFileSync(path.join(book, 'common', '__init__.py'), '');
    fs.writeFileSync(path.join(book, 'common', 'layers.py'), BOOK_RELU);
    fs.writeFileSync(path.join(book, 'ch05', 'relu_check.py'), [
      'import sys, os',
      'sys.path.append(os.pardir)',
      'import numpy as np',
      'from common.layers import Relu',
      'relu = Relu()',
      'out = relu.forward(np.array([[1.0, -0.5], [-2.0, 3.0]]))',
      'dx = relu.backward(np.ones((2, 2)))',
      '',
    ].join('\n'));
  });
  after(async () => {
    await settingsFile(undefined);
    fs.rmSync(book, { recursive: true, force: true });
    await closeAll();
  });

  it("from the workspace folder, the book's os.pardir import fails and says where common is and the setting that runs it from its folder", async () => {
    const file = vscode.Uri.file(path.join(book, 'ch05', 'relu_check.py'));
    await vscode.window.showTextDocument(file);
    const outcome = await traceFile(file);
    assert.ok(!outcome.ok, 'the import fails from the workspace folder');
    const message = outcome.raised?.message ?? '';
    assert.ok(message.startsWith(`ModuleNotFoundError: No module named 'common' (common is in ${book}, the folder '..' on sys.path names when the program runs from its own folder, ${path.join(book, 'ch05')}; it ran from ${vscode.workspace.workspaceFolders![0].uri.fsPath})`), message);
    assert.match(message, /set "python\.terminal\.executeInFileDir": true/);
    const diags = vscode.languages.getDiagnostics(file);
    assert.strictEqual(diags[0]?.range.start.line, 3, 'the import line');
    await new Promise((r) => setTimeout(r, 800));
    await screenshot(`run-folder-hint-${process.env.BPT_WINDOW ?? '1400x900'}`);
  });

  it('with "python.terminal.executeInFileDir": true, it runs from its own folder and is traced', async () => {
    await settingsFile('{ "python.terminal.executeInFileDir": true }\n');
    const file = vscode.Uri.file(path.join(book, 'ch05', 'relu_check.py'));
    const outcome = await traceFile(file);
    assert.ok(outcome.ok, `run failed: ${!outcome.ok && outcome.error}`);
    assert.deepStrictEqual(outcome.graph.nodes.filter((n) => n.kind === 'layer').map((n) => n.layer), ['Relu']);
    assert.match(outcome.graph.nodes.find((n) => n.layer === 'Relu')?.verdict?.text ?? '', /^ok: dx match/);
    assert.deepStrictEqual(vscode.languages.getDiagnostics(file), [], 'the previous run\'s problem is gone');
  });

  it('a package of the workspace folder imported from a subfolder\'s file: the error says to put it on PYTHONPATH in .env; with it there, the run reads .env and says so', async () => {
    await settingsFile(undefined); // from the workspace folder again
    const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const pkg = path.join(root, 'bpt_deep');
    const envFile = path.join(root, '.env');
    fs.mkdirSync(path.join(pkg, 'run'), { recursive: true });
    try {
      fs.writeFileSync(path.join(pkg, '__init__.py'), '');
      fs.writeFileSync(path.join(pkg, 'layers.py'), 'class Relu:\n    def forward(self, x):\n        self.mask = x <= 0\n        return x * ~self.mask\n    def backward(self, dout):\n        return dout * ~self.mask\n');
      const file = vscode.Uri.file(path.join(pkg, 'run', 'relu_run.py'));
      fs.writeFileSync(file.fsPath, 'import numpy as np\nfrom bpt_deep.layers import Relu\nr = Relu()\nr.forward(np.array([1.0, -2.0]))\nr.backward(np.ones(2))\n');
      await vscode.window.showTextDocument(file);
      const failed = await traceFile(file);
      assert.ok(!failed.ok);
      assert.ok(failed.raised, `raised: ${failed.error}`);
      assert.ok((failed.raised?.message ?? '').includes(`(bpt_deep is in ${root}, the folder the program runs from, which Python does not search for imports: it searches the file's own folder, ${path.dirname(file.fsPath)}, and PYTHONPATH) To add it, write PYTHONPATH=${root} in the workspace's .env file`), failed.raised?.message);
      fs.writeFileSync(envFile, '# as the Python extension reads it\nPYTHONPATH=.\n');
      const outcome = await traceFile(file);
      assert.ok(outcome.ok, `run failed: ${!outcome.ok && outcome.error}`);
      assert.deepStrictEqual(outcome.graph.nodes.filter((n) => n.kind === 'layer').map((n) => n.layer), ['Relu']);
      assert.ok(outcome.graph.notes?.some((n) => n === 'Ran with PYTHONPATH from .env, as the Python extension\'s debugger does ("python.envFile").'), `notes: ${outcome.graph.notes}`);
    } finally {
      fs.rmSync(pkg, { recursive: true, force: true });
      fs.rmSync(envFile, { force: true });
    }
  });
});
