/**
 * Where the line breaks are, recorded as text streams past, so an error can be placed by line and
 * column after the text before it has been dropped.
 */
export class LineIndex {
  private breaks: number[] = [];

  /** Records the '\n's of `chunk`, which starts at absolute offset `at`. */
  add(chunk: string, at: number): void {
    for (let j = chunk.indexOf('\n'); j !== -1; j = chunk.indexOf('\n', j + 1)) this.breaks.push(at + j);
  }

  locate(offset: number): { line: number; column: number } {
    const b = this.breaks;
    let lo = 0;
    let hi = b.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (b[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    const lineStart = lo === 0 ? 0 : b[lo - 1] + 1;
    return { line: lo + 1, column: offset - lineStart + 1 };
  }
}
