// The webview bundle for the standalone browser check (test/browser), built into out/browser so
// it never touches dist/.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS webpack config */
const path = require('path');
const configs = require('../../webpack.config.js');

module.exports = (env, argv) => {
  const webview = configs(env, { ...argv, mode: 'development' }).find((c) => c.name === 'webview');
  // test/tsconfig.json: its root covers src/ and test/. ES modules, as in the real build: the
  // dynamic import() of cytoscape becomes its own chunk (webview.cytoscape.js), not a require.
  const rules = [{ test: /\.ts$/, exclude: /node_modules/, use: { loader: 'ts-loader', options: { transpileOnly: true, configFile: path.resolve(__dirname, '..', 'tsconfig.json'), compilerOptions: { module: 'es2022', moduleResolution: 'node' } } } }];
  return { ...webview, module: { ...webview.module, rules }, output: { ...webview.output, path: path.resolve(__dirname, '..', '..', 'out', 'browser') } };
};
