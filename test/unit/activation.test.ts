// A panel restored after a window reload must be able to activate the extension by itself: VS Code
// only calls the panel serializer of an active extension, and no other activation event need
// fire first (no Python file open, say). (What the serializer then does is test/integration/graph.test.ts.)
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');

describe('activation', () => {
  it('activates on the trace panel being restored (onWebviewPanel:<the panel view type>)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { activationEvents: string[] };
    const panel = fs.readFileSync(path.join(root, 'src/extension/panel/panel.ts'), 'utf8');
    const viewType = /static readonly viewType = '([^']+)'/.exec(panel)?.[1];
    assert.ok(viewType, 'TracePanel.viewType not found');
    assert.ok(pkg.activationEvents.includes(`onWebviewPanel:${viewType}`), `activationEvents: ${pkg.activationEvents.join(', ')}`);
  });
});
