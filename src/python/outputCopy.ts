// The copy of the program's stdout (or stderr) that the result keeps: whole lines up to a cap,
// never a line cut in two, and the count of what was left out, so the report can say so.
import { StringDecoder } from 'node:string_decoder';

export class OutputCopy {
  private readonly decoder = new StringDecoder('utf8');
  private kept = '';
  /** Text after the last newline, not yet kept or dropped. */
  private partial = '';
  private full = false;
  droppedLines = 0;
  droppedBytes = 0;

  constructor(private readonly cap: number) {}

  /** The line now coming was longer than the cap: its part so far is counted, not held. */
  private skipping = false;

  add(chunk: Buffer): void {
    const text = this.partial + this.decoder.write(chunk);
    const last = text.lastIndexOf('\n');
    this.partial = last < 0 ? text : text.slice(last + 1);
    if (last >= 0) {
      const lines = text.slice(0, last + 1);
      if (!this.full && !this.skipping && this.kept.length + lines.length <= this.cap) this.kept += lines;
      else for (const line of lines.split(/(?<=\n)/)) this.line(line);
    }
    if (this.partial.length > this.cap) {
      this.droppedBytes += Buffer.byteLength(this.partial);
      this.partial = '';
      this.skipping = this.full = true;
    }
  }

  private line(line: string): void {
    if (!this.full && !this.skipping && this.kept.length + line.length <= this.cap) {
      this.kept += line;
      return;
    }
    this.full = true;
    this.skipping = false;
    this.droppedLines++;
    this.droppedBytes += Buffer.byteLength(line);
  }

  /** The kept text (a last line without its newline is kept whole if it fits). */
  text(): string {
    const tail = this.partial + this.decoder.end();
    this.partial = '';
    if (tail || this.skipping) this.line(tail);
    return this.kept;
  }

  /** `{stdout, stdoutTruncated, stdoutDropped}` (or under another name) for the result. */
  fields(name: string): Record<string, unknown> {
    const text = this.text();
    return this.full ? { [name]: text, [`${name}Truncated`]: true, [`${name}Dropped`]: { lines: this.droppedLines, bytes: this.droppedBytes } } : { [name]: text };
  }
}
