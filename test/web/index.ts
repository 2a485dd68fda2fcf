// Test entry for the web-worker extension host (bundled by test/web/webpack.config.js).
// No Node here: mocha's browser build, reporting through console (which the workbench
// forwards to runWebTest.ts), and our own tiny assert.
import 'mocha/mocha';
import './setup';
import './smoke.test';

export function run(): Promise<void> {
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        console.log(`${runner.stats?.passes ?? 0} passed, ${failures} failed`);
        if (failures > 0) reject(new Error(`${failures} web test(s) failed`));
        else resolve();
      });
    } catch (err) {
      console.error(err);
      reject(err);
    }
  });
}
