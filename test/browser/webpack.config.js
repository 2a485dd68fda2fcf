// The webview bundle for the standalone browser check (test/browser), built into out/browser so
// it never touches dist/. With --env guard=stub the message guard of src/protocol.ts is replaced
// by one that accepts every message: only while protocol.ts still describes the old graph model
// (the check decides, by asking the real guard about its fixture graphs).
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS webpack config */
const path = require('path');
const webpack = require('webpack');
const configs = require('../../webpack.config.js');

module.exports = (env, argv) => {
  const webview = configs(env, { ...argv, mode: 'development' }).find((c) => c.name === 'webview');
  const plugins = [...(webview.plugins ?? [])];
  if (env.guard === 'stub') {
    plugins.push(new webpack.NormalModuleReplacementPlugin(/^\.\.\/protocol$/, path.resolve(__dirname, 'protocolStub.ts')));
  }
  // test/tsconfig.json: its root covers both src/ and this folder (the stub).
  const rules = [{ test: /\.ts$/, exclude: /node_modules/, use: { loader: 'ts-loader', options: { transpileOnly: true, configFile: path.resolve(__dirname, '..', 'tsconfig.json') } } }];
  return { ...webview, module: { ...webview.module, rules }, output: { ...webview.output, path: path.resolve(__dirname, '..', '..', 'out', 'browser') }, plugins };
};
