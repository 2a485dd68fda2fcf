// The browser suite's one setup (mocha root hooks, .mocharc.browser.json requires this): the
// webview bundle built once (after the protocol guard has accepted every fixture graph), one
// server and one chromium for every test file.
import { FIXTURES } from '../fixtures/graphs';
import { affineSoftmax, seedChain, seedParallel } from '../unit/webview/graphs';
import { buildBundle, start, stop } from './server';

export const mochaHooks = {
  async beforeAll(this: Mocha.Context): Promise<void> {
    this.timeout(180_000);
    buildBundle([...Object.values(FIXTURES).map((make) => make()), seedParallel(), seedChain(), affineSoftmax()]);
    await start();
  },
  async afterAll(): Promise<void> {
    await stop();
  },
};
