// Bundles the web test suite for VS Code's web-worker extension host (npm run test:web).
// Kept apart from the extension's webpack.config.js so `npm run build` never builds tests.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS webpack config */
const path = require('path');

module.exports = (_env, argv) => ({
  mode: argv.mode === 'production' ? 'production' : 'development',
  target: 'webworker',
  devtool: 'inline-source-map',
  entry: { suite: path.resolve(__dirname, 'index.ts') },
  output: {
    path: path.resolve(__dirname, '..', '..', 'out', 'test', 'web'),
    filename: '[name].js',
    libraryTarget: 'commonjs',
  },
  resolve: { extensions: ['.ts', '.js'], mainFields: ['browser', 'module', 'main'] },
  module: {
    rules: [{
      test: /\.ts$/,
      exclude: /node_modules/,
      use: { loader: 'ts-loader', options: { transpileOnly: true, configFile: path.resolve(__dirname, '..', 'tsconfig.json') } },
    }],
  },
  externals: { vscode: 'commonjs vscode' },
  performance: { hints: false },
  infrastructureLogging: { level: 'warn' },
  stats: 'errors-warnings',
});
