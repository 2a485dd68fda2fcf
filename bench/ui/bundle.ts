// What the webview's first script is made of: bytes of dist/webview.js attributed to the
// package (or our src/) each stretch of minified code came from, read from its source map.
// (A small VLQ decoder here, so the bench needs no source-map dependency.)
import * as fs from 'fs';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Source-map "mappings" → per generated line, [column, source index] of each segment. */
function segments(mappings: string): [number, number][][] {
  const lines: [number, number][][] = [];
  let source = 0;
  for (const line of mappings.split(';')) {
    const out: [number, number][] = [];
    let col = 0;
    for (const seg of line.split(',')) {
      if (!seg) continue;
      const f: number[] = [];
      let v = 0;
      let shift = 0;
      for (const ch of seg) {
        const d = B64.indexOf(ch);
        v += (d & 31) << shift;
        if (d & 32) shift += 5;
        else {
          f.push(v & 1 ? -(v >>> 1) : v >>> 1);
          v = 0;
          shift = 0;
        }
      }
      col += f[0];
      if (f.length > 1) source += f[1];
      out.push([col, f.length > 1 ? source : -1]);
    }
    lines.push(out);
  }
  return lines;
}

const owner = (source: string) => {
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (nm) return nm[1];
  return /(^|\/)src\//.test(source) ? 'our src/' : 'webpack runtime / other';
};

export function bundleMakeup(js: string): { owner: string; bytes: number }[] {
  const map = JSON.parse(fs.readFileSync(`${js}.map`, 'utf8')) as { sources: string[]; mappings: string };
  const code = fs.readFileSync(js, 'utf8').split('\n');
  const by = new Map<string, number>();
  segments(map.mappings).forEach((segs, line) => {
    const len = code[line]?.length ?? 0;
    segs.forEach(([col, src], k) => {
      const end = k + 1 < segs.length ? segs[k + 1][0] : len;
      const who = src < 0 ? 'webpack runtime / other' : owner(map.sources[src]);
      by.set(who, (by.get(who) ?? 0) + end - col);
    });
  });
  return [...by].map(([o, bytes]) => ({ owner: o, bytes })).sort((a, b) => b.bytes - a.bytes);
}
