// #21: Trace backprop's key clashes with nothing in VS Code's default keymap. The key is checked
// against the workbench code-server bundles (the one the integration tests run): VS Code registers
// its keys there as numbers (KeyMod.CtrlCmd 2048 | KeyCode, chords through KeyChord). Ctrl+Alt+B
// (2592) is there, as Toggle Secondary Side Bar, which is why it was given up; Ctrl+K B, the
// chord CtrlCmd+K (2089) then B (32), is not, on any platform (CtrlCmd is Cmd on macOS).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../../..');
const WORKBENCH = path.join(ROOT, '.vscode-test/code-server/node_modules/code-server/lib/vscode/out/vs/code/browser/workbench/workbench.js');

describe('keybinding', () => {
  it('Trace backprop is Ctrl+K B (Cmd+K B on macOS), in text editors only', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { keybindings: { command: string; key: string; mac?: string; when?: string }[] } };
    const trace = pkg.contributes.keybindings.filter((k) => k.command === 'backpropTrace.trace');
    assert.deepStrictEqual(trace, [{ command: 'backpropTrace.trace', key: 'ctrl+k b', mac: 'cmd+k b', when: 'editorTextFocus' }]);
  });

  it("no default keybinding of VS Code's workbench uses Ctrl+K B; Ctrl+Alt+B is its Toggle Secondary Side Bar", () => {
    assert.ok(fs.existsSync(WORKBENCH), `${WORKBENCH}: run npm run setup`);
    const js = fs.readFileSync(WORKBENCH, 'utf8');
    assert.match(js, /toggleAuxiliaryBar"}[^]{0,600}keybinding:\{weight:200,primary:2592\}/, 'the search finds the known clash');
    // Chords are KeyChord(first, second) calls in the bundle, or first | second << 16 folded.
    const chord = /\b\w+\(2089,32\)/;
    assert.ok(!chord.test(js), `Ctrl+K B is bound: ${js.match(chord)?.[0]}`);
    assert.ok(!/[:[,]2099241[,}\]]/.test(js), 'Ctrl+K B is bound (folded)');
    assert.ok(/\b\w+\(2089,33\)/.test(js), 'the chord search finds a known chord (Ctrl+K C, add line comment)');
  });
});
