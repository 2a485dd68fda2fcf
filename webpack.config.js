// One config, several targets: the extension host and the CLI run in Node, the graph in a webview,
// and the extension host again as a web worker for VS Code in the browser (package.json "browser").
'use strict';
const path = require('path');
const webpack = require('webpack');

/** @returns {import('webpack').Configuration} */
function base(argv) {
  const production = argv.mode !== 'development';
  return {
    mode: production ? 'production' : 'development',
    devtool: production ? 'source-map' : 'eval-source-map',
    resolve: { extensions: ['.ts', '.js'] },
    module: {
      rules: [{ test: /\.ts$/, exclude: /node_modules/, use: { loader: 'ts-loader', options: { transpileOnly: true } } }],
    },
    // --env outDir=…: scripts/package.js builds the VSIX's bundles in a staging folder.
    output: { path: path.resolve(argv.env?.outDir ?? path.join(__dirname, 'dist')), filename: '[name].js', clean: false },
    performance: { hints: false },
    infrastructureLogging: { level: 'warn' },
  };
}

/**
 * Ships the Python tracer beside the bundles, where the CLI and the extension look for it:
 * dist/tracer/bpt_trace.py (the entry), dist/tracer/bpt_tracer/*.py (the package) and
 * dist/tracer/constants.json (the numbers Python and TypeScript share), copied as is.
 */
class CopyTracerPlugin {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('CopyTracerPlugin', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'CopyTracerPlugin', stage: webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        const fs = require('fs');
        const tracer = path.join(__dirname, 'src', 'tracer');
        const pkg = path.join(tracer, 'bpt_tracer');
        const files = [
          ['bpt_trace.py', path.join(tracer, 'bpt_trace.py')],
          ['constants.json', path.join(__dirname, 'src', 'constants.json')],
          ...fs.readdirSync(pkg).filter((f) => f.endsWith('.py')).sort().map((f) => [`bpt_tracer/${f}`, path.join(pkg, f)]),
        ];
        compilation.contextDependencies.add(pkg);
        for (const [name, source] of files) {
          compilation.fileDependencies.add(source);
          compilation.emitAsset(`tracer/${name}`, new webpack.sources.RawSource(fs.readFileSync(source)));
        }
        // The probe a trace at a breakpoint evaluates in the paused program (src/extension/debug/).
        // Every .py there: which of them make the probe, in what order, is expression.ts's PROBE_FILES.
        const debugDir = path.join(__dirname, 'src', 'extension', 'debug');
        for (const name of fs.readdirSync(debugDir).filter((n) => n.endsWith('.py'))) {
          const source = path.join(debugDir, name);
          compilation.fileDependencies.add(source);
          compilation.emitAsset(`debug/${name}`, new webpack.sources.RawSource(fs.readFileSync(source)));
        }
      });
    });
  }
}

/**
 * ES modules out of TypeScript, so webpack resolves packages' "import" builds and drops what is not
 * used; with CommonJS `require`s it takes their whole CJS build (on main, valibot put 84 KB into the
 * webview's first script). Not for the CLI: its `require.main === module` needs a CommonJS module.
 */
const esModules = {
  rules: [{ test: /\.ts$/, exclude: /node_modules/, use: { loader: 'ts-loader', options: { transpileOnly: true, compilerOptions: { module: 'es2022', moduleResolution: 'node10' } } } }],
};

module.exports = (_env, argv) => [
  {
    ...base(argv),
    name: 'extension',
    target: 'node',
    // traceWorker: the worker thread a big literal is parsed and traced in (src/extension/literal/worker/).
    entry: { extension: './src/extension/extension.ts', traceWorker: './src/extension/literal/worker/traceWorker.ts' },
    module: esModules,
    output: { ...base(argv).output, libraryTarget: 'commonjs2' },
    externals: { vscode: 'commonjs vscode' },
  },
  {
    ...base(argv),
    name: 'cli',
    target: 'node',
    entry: { cli: './src/cli.ts' },
    output: { ...base(argv).output, libraryTarget: 'commonjs2' },
    plugins: [new webpack.BannerPlugin({ banner: '#!/usr/bin/env node', raw: true, entryOnly: true }), new CopyTracerPlugin()],
  },
  {
    ...base(argv),
    name: 'webview',
    target: 'web',
    entry: { webview: './src/webview/main.ts' },
    module: esModules,
    // cytoscape is a chunk of its own (webview.cytoscape.js, beside webview.js in dist/): the first
    // frame is drawn without it. chunks.ts points webpack at dist/ and gives the chunk the nonce.
    // No automatic public path: it throws where the script runs from the page's text (pageFiles.ts),
    // where the chunk has run already and nothing is fetched.
    output: { ...base(argv).output, chunkFilename: 'webview.[name].js', publicPath: '' },
    // One chunk with cytoscape and the code drawing with it, not a separate vendors chunk.
    optimization: { splitChunks: false },
    // The panel's CSP forbids eval, which 'eval-source-map' needs: a dev build would not run at all.
    devtool: 'source-map',
  },
  {
    // The same host code for vscode.dev / github.dev: their extension host is a web worker.
    // It uses only vscode APIs; `fallback: false` makes any Node built-in a build error
    // instead of a silent polyfill.
    ...base(argv),
    name: 'extension-web',
    target: 'webworker',
    entry: { extension: './src/extension/extension.ts' },
    module: esModules,
    output: { ...base(argv).output, path: path.join(base(argv).output.path, 'web'), libraryTarget: 'commonjs' },
    externals: { vscode: 'commonjs vscode' },
    // Running the reader's Python needs child_process: the web build gets the module that says
    // a local Python is needed instead.
    // No worker_threads either: big literals take the sliced in-thread path (worker/client.web.ts).
    plugins: [
      new webpack.NormalModuleReplacementPlugin(/^\.\/run\/register$/, './run/register.web'),
      new webpack.NormalModuleReplacementPlugin(/^\.\/worker\/client$/, './worker/client.web'),
    ],
    resolve: {
      ...base(argv).resolve,
      mainFields: ['browser', 'module', 'main'],
      fallback: { fs: false, path: false, os: false, child_process: false, crypto: false, util: false },
    },
  },
];
