// What the probe unit tests send, as probe.ts sends it: the probe's files as one text, and the
// tracer package's modules by name with the shared numbers (as for a remote debuggee: nothing is
// read from disk in the program). One home for both suites (probe.test.ts, probeNoNumpy.test.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROBE_FILES, probeSourcePath } from '../../../src/extension/debug/expression';

export const ROOT = path.resolve(__dirname, '../../../..');
export const PYTHON = process.env.BPT_PYTHON ?? '/usr/bin/python3';
export const PROBE = PROBE_FILES.map((f) => fs.readFileSync(path.join(ROOT, 'src', probeSourcePath(f)), 'utf8')).join('\n');
const PKG = path.join(ROOT, 'src', 'tracer', 'bpt_tracer');
export const TRACER = JSON.stringify({
  ...Object.fromEntries(fs.readdirSync(PKG).filter((f) => f.endsWith('.py')).map((f) => [f.slice(0, -3), fs.readFileSync(path.join(PKG, f), 'utf8')])),
  'constants.json': fs.readFileSync(path.join(ROOT, 'src', 'constants.json'), 'utf8'),
  dir: '/nowhere/on/this/machine',
});
