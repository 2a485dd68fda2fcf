// src/constants.json is the one home of the numbers Python and TypeScript share: the tracer reads
// it at run time, the settings' defaults in package.json must say the same, and the shipped
// layout (dist/tracer/constants.json) must be found as well as the sources' (src/constants.json).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import shared from '../../src/constants.json';

const ROOT = path.resolve(__dirname, '../../..');
const PYTHON = process.env.BPT_PYTHON ?? '/usr/bin/python3';
const READ = 'import sys, json; sys.path.insert(0, sys.argv[1]); from bpt_tracer import constants as c; print(json.dumps([c.BIG, c.SAMPLE, c.STDOUT_CAP, c.MIN_PICKS, c.H, c.TRACER_DEFAULTS, c.GRADCHECK]))';
const expected = [shared.preview.big, shared.preview.sample, shared.outputCap, shared.gradcheck.minPicks, shared.gradcheck.h, shared.tracer, shared.gradcheck];

describe('shared constants (src/constants.json)', function () {
  this.timeout(20_000);

  it('the settings in package.json default to the tracer caps', () => {
    const props = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).contributes.configuration.properties;
    assert.equal(props['backpropTrace.python.maxPasses'].default, shared.tracer.maxPasses);
    assert.equal(props['backpropTrace.python.maxCalls'].default, shared.tracer.maxCalls);
  });

  it('the Python tracer reads the same numbers, in the sources and in the shipped layout', () => {
    const tracer = path.join(ROOT, 'src', 'tracer');
    assert.deepEqual(JSON.parse(execFileSync(PYTHON, ['-c', READ, tracer], { encoding: 'utf8' })), expected);
    // dist/tracer/: the JSON beside the entry, the package below it
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'bpt-dist-'));
    try {
      fs.cpSync(path.join(tracer, 'bpt_tracer'), path.join(dist, 'tracer', 'bpt_tracer'), { recursive: true });
      const changed = { ...shared, preview: { ...shared.preview, big: 123 } };
      fs.writeFileSync(path.join(dist, 'tracer', 'constants.json'), JSON.stringify(changed));
      const got = JSON.parse(execFileSync(PYTHON, ['-c', READ, path.join(dist, 'tracer')], { encoding: 'utf8' })) as unknown[];
      assert.equal(got[0], 123, 'dist/tracer/constants.json is the one read');
    } finally {
      fs.rmSync(dist, { recursive: true, force: true });
    }
  });
});
