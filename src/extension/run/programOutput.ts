// The program's stdout and stderr while run mode runs it: streamed live into an Output channel
// named after the file ("Backprop Trace: apple.py"), as a terminal would show them, not into the
// graph. One channel per file name, cleared at each run of that file.
import { StringDecoder } from 'node:string_decoder';
import * as vscode from 'vscode';

const channels = new Map<string, vscode.OutputChannel>();

export interface ProgramOutput {
  /** The channel's name, for the panel's note. */
  name: string;
  stdout(chunk: Buffer): void;
  stderr(chunk: Buffer): void;
  /** Anything still undecoded, and whether the program printed at all. */
  end(): boolean;
  /** Whether the program printed anything so far. */
  printed(): boolean;
}

export function programOutput(title: string): ProgramOutput {
  const name = vscode.l10n.t('Backprop Trace: {0}', title);
  let channel = channels.get(name);
  if (!channel) {
    channel = vscode.window.createOutputChannel(name);
    channels.set(name, channel);
  }
  channel.clear();
  const out = channel;
  let printed = false;
  const decoders = [new StringDecoder('utf8'), new StringDecoder('utf8')];
  const put = (d: StringDecoder) => (chunk: Buffer): void => {
    const s = d.write(chunk);
    if (!s) return;
    printed = true;
    out.append(s);
  };
  return {
    name,
    stdout: put(decoders[0]),
    stderr: put(decoders[1]),
    printed: () => printed,
    end: () => {
      for (const d of decoders) {
        const s = d.end();
        if (s) out.append(s);
      }
      return printed;
    },
  };
}
