// Test only (never shipped): the Python Debugger extension cannot be installed offline, so the
// integration tests get the `debugpy` debug type from here, with debugpy's own adapter.
'use strict';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain CommonJS extension, no build step
const vscode = require('vscode');

exports.activate = (context) => {
  context.subscriptions.push(vscode.debug.registerDebugAdapterDescriptorFactory('debugpy', {
    createDebugAdapterDescriptor: () => new vscode.DebugAdapterExecutable('/usr/bin/python3', ['-m', 'debugpy.adapter']),
  }));
};
