import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli';

async function run(argv: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    stdin: (async function* () {
      yield stdin;
    })(),
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
  });
  return { code, out, err };
}

describe('backprop-trace CLI', () => {
  it('prints ReLU and Sigmoid side by side, numpy style, by default', async () => {
    const r = await run([], 'np.array([[1.0, -0.5], [2.0, 0]])');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /x \(2, 2\):\n\[\[ 1\. {2}-0\.5\]\n \[ 2\. {3}0\. \]\]/);
    assert.match(r.out, /ReLU\.forward\(x\):\n\[\[1\. 0\.\]\n \[2\. 0\.\]\]/);
    assert.match(r.out, /Sigmoid\.forward\(x\):\n\[\[0\.73105858 0\.37754067\]/);
  });

  it('says when the literal named a dtype', async () => {
    const r = await run([], 'np.array([1, 2], dtype=np.float32)');
    assert.match(r.out, /^x \(2,\), dtype float32:/);
    const half = await run([], 'np.array([1, 2], dtype=np.float16)');
    assert.match(half.out, /^x \(2,\), dtype float16:/); // float16 is computed in float16, as numpy does
    const quad = await run([], 'np.array([1, 2], dtype=np.float128)');
    assert.match(quad.out, /^x \(2,\), dtype float128 read \(computed in float64\):/);
  });

  it('--dout same reproduces the notebook backward outputs', async () => {
    const r = await run(['--dout', 'same', '-'], '[[1.0, 2.0], [3.0, 4.0]]');
    assert.match(r.out, /Sigmoid\.backward\(dout\) = dx:\n\[\[0\.19661193 0\.20998717\]\n \[0\.13552998 0\.07065082\]\]/);
  });

  it('--json with a chain: dx of each layer is with respect to its input; non-finite as strings', async () => {
    const r = await run(['--layers', 'relu>sigmoid', '--json'], '[[1.0, -0.5], [nan, -inf]]');
    assert.equal(r.code, 0, r.err);
    const json = JSON.parse(r.out) as { shape: number[]; layers: { name: string; out: unknown; dx: unknown }[] };
    assert.deepEqual(json.shape, [2, 2]);
    assert.deepEqual(json.layers.map((l) => l.name), ['relu', 'sigmoid']);
    assert.deepEqual(json.layers[0].out, [[1, 0], ['NaN', 0]]);
    const s = 1 / (1 + Math.exp(-1));
    assert.deepEqual(json.layers[1].dx, [[s * (1 - s), 0.25], ['NaN', 0.25]]);
    assert.deepEqual(json.layers[0].dx, [[s * (1 - s), 0], ['NaN', 0]]);
  });

  it('--json of a scalar is a bare number', async () => {
    const r = await run(['--json', '--layers=relu'], '2.5');
    assert.deepEqual(JSON.parse(r.out), { shape: [], mode: 'parallel', layers: [{ name: 'relu', out: 2.5, dx: 1 }] });
  });

  it('--summary prints shapes and min/max/mean', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-cli-'));
    const file = path.join(dir, 'x.py');
    fs.writeFileSync(file, 'x = [[1.0, -0.5], [2.0, 0]]\n');
    try {
      const r = await run(['--summary', file]);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /x: shape \(2, 2\), 4 elements, min -0\.5 {2}max 2\.0 {2}mean 0\.625/);
      assert.match(r.out, /ReLU out: shape \(2, 2\), min 0\.0 {2}max 2\.0 {2}mean 0\.75/);
      assert.match(r.out, /ReLU dx: {2}shape \(2, 2\), min 0\.0 {2}max 1\.0 {2}mean 0\.5/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('bad input: exit code 2, line:column and the message on stderr', async () => {
    const r = await run([], '[[1, 2],\n [3]]');
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.match(r.err, /^<stdin>:2:2: Row 2 has length 1 but row 1 has length 2 \(ragged array\)\n {3}\[3\]\]\n {3}\^\n$/);
  });

  it('bad arguments, dout shape and missing files exit with 2', async () => {
    const tanh = await run(['--layers', 'tanh'], '[1]');
    assert.equal(tanh.code, 2);
    assert.match(tanh.err, /unknown layer 'tanh'.*relu, sigmoid.*'>' \(a chain\)/);
    assert.match((await run(['--layers', 'relu,sigmoid>relu'], '[1]')).err, /mixes/);
    assert.equal((await run(['--json', '--summary'], '[1]')).code, 2);
    const dout = await run(['--dout', '[1, 2, 3]'], '[1, 2]');
    assert.equal(dout.code, 2);
    assert.match(dout.err, /dout has shape \(3,\) but/);
    assert.match((await run(['--dout', '[1, 2'], '[1, 2]')).err, /--dout:1:1: .*never closed/);
    assert.equal((await run(['/nonexistent/file'])).code, 2);
    assert.equal((await run(['--help'])).code, 0);
  });
});
