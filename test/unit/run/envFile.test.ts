// The workspace's .env file as run mode reads it (the Python extension's "python.envFile"): the
// forms dotenv files are written in, and ${NAME} from the lines above or the host's environment.
import * as assert from 'node:assert/strict';
import { parseEnvFile } from '../../../src/extension/run/envFile';

describe('run mode: the .env file', () => {
  it('reads KEY=VALUE lines: comments, export, quotes, ${NAME}, CRLF', () => {
    const text = [
      '# the workspace packages',
      'PYTHONPATH=/work/book',
      'export MODE = fast   # trailing comment',
      "RAW='${PYTHONPATH} stays'",
      'BOTH="${PYTHONPATH}:${HOME}\\nnext"',
      'EMPTY=',
      'not a line',
      'LATER=${MISSING}x\r',
    ].join('\n');
    assert.deepEqual(parseEnvFile(text, { HOME: '/home/me' }), {
      PYTHONPATH: '/work/book',
      MODE: 'fast',
      RAW: '${PYTHONPATH} stays',
      BOTH: '/work/book:/home/me\nnext',
      EMPTY: '',
      LATER: 'x',
    });
  });
});
