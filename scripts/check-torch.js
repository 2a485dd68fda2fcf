#!/usr/bin/env node
// npm run check:torch — the torch path of a trace at a breakpoint, checked by hand where torch is
// installed (Debian: apt-get install --no-install-recommends python3-torch). CI does not run it:
// python3-torch pulls 167 Debian packages (143 MB to download, 611 MB installed, ~2 min to
// install), more than the rest of the test setup, for one line of the probe (`.detach().cpu().numpy()`).
// It evaluates the probe (src/extension/debug/*.py) as debugpy does, in a real /usr/bin/python3
// with torch: a float32 tensor, a requires_grad one, a float16 and an int64 one, both for a trace
// and for a hover; the values must equal the program's own tolist() and the tensors (bytes,
// requires_grad, grad) must be unchanged.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const PYTHON = process.env.BPT_PYTHON ?? '/usr/bin/python3';
const { probeExpression, PROBE_FILES } = require(path.join(ROOT, 'out/src/extension/debug/expression.js'));
const { readAnswer, tensorOf } = require(path.join(ROOT, 'out/src/extension/debug/answer.js'));
const PROBE = PROBE_FILES.map((f) => fs.readFileSync(path.join(ROOT, 'src/extension/debug', f), 'utf8')).join('\n');
const NAMES = ['t', 'w', 'h', 'i'];

const DRIVER = `
import json, sys, zlib
import numpy as np, torch
torch.manual_seed(0)
t = torch.randn(3, 4)
w = torch.randn(2, 3, requires_grad=True)
h = torch.randn(2, 2, dtype=torch.float16)
i = torch.arange(6).reshape(2, 3)
g = {'__builtins__': __builtins__, 'torch': torch, 'np': np, 't': t, 'w': w, 'h': h, 'i': i}
print(json.dumps({'torch': torch.__version__, 'printed': {k: v.tolist() for k, v in [('t', t), ('w', w.detach()), ('h', h.float()), ('i', i)]}}))
def fingerprint():
    return json.dumps([[zlib.crc32(v.detach().numpy().tobytes()), v.requires_grad, v.grad is None] for v in (t, w, h, i)] + [sorted(g)])
for e in json.load(sys.stdin):
    before = fingerprint()
    r = eval(e, g, g)
    print(json.dumps({'repr': r, 'same': before == fingerprint()}))
`;

const has = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
if (has.status !== 0) {
  console.error(`[check:torch] not run: torch cannot be imported by ${PYTHON} (${has.stderr.trim().split('\n').pop()}).`);
  process.exit(2);
}
const exprs = [];
for (const peek of [false, true]) for (const expr of NAMES) exprs.push(probeExpression(PROBE, '{}', { expr, peek, maxElements: 1e6, methods: [] }));
const run = spawnSync(PYTHON, ['-c', DRIVER], { input: JSON.stringify(exprs), encoding: 'utf8' });
if (run.status !== 0) {
  console.error(run.stderr);
  process.exit(1);
}
const [head, ...answers] = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
console.log(`[check:torch] torch ${head.torch}, ${PYTHON}`);
let bad = 0;
answers.forEach((l, k) => {
  const name = NAMES[k % NAMES.length];
  const a = readAnswer(l.repr);
  const x = 'bad' in a || 'error' in a ? a : tensorOf(a);
  const got = 'data' in x ? Array.from(x.data) : [];
  const same = JSON.stringify(got) === JSON.stringify(head.printed[name].flat());
  if (!same || !l.same) bad++;
  console.log(`[check:torch] ${k < NAMES.length ? 'trace' : 'hover'} ${name}: ${a.type ?? JSON.stringify(a)} ${a.dtype ?? ''}${a.converted ? ` (sent as ${a.sentDtype})` : ''} ${JSON.stringify(a.shape ?? [])}: values equal to the program's tolist() ${same}; tensor unchanged ${l.same}`);
});
process.exit(bad ? 1 : 0);
