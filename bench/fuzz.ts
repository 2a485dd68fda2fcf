// npm run fuzz: 100,000 generated inputs (mutated valid literals and random text) against the
// parser. Fails on any exception other than ParseError; reports the slowest parse and the worst
// time per character, and checks that pathological patterns scale linearly (time(10n)/time(n)).
import fc from 'fast-check';
import { parseArray, ParseError } from '../src/engine';
import { fuzzInput, SCALING } from './fuzzInputs';

const RUNS = Number(process.env.FUZZ_RUNS ?? 100_000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

function timeParse(text: string): number {
  const t0 = performance.now();
  try {
    parseArray(text);
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
  }
  return performance.now() - t0;
}

let slowest = { ms: 0, text: '' };
/** The inputs that looked slowest per character; re-timed at the end, since one GC pause can make any parse look slow. */
let suspects: { usPerChar: number; text: string }[] = [];
let valid = 0;
const t0 = performance.now();
fc.assert(
  fc.property(fuzzInput, (text) => {
    const t = performance.now();
    try {
      parseArray(text);
      valid++;
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
    }
    const ms = performance.now() - t;
    if (ms > slowest.ms) slowest = { ms, text };
    // Per-character cost only means something once the fixed cost of a call is small beside it.
    if (text.length >= 64) {
      suspects.push({ usPerChar: (ms * 1000) / text.length, text });
      if (suspects.length > 200) suspects = suspects.sort((a, b) => b.usPerChar - a.usPerChar).slice(0, 20);
    }
  }),
  { numRuns: RUNS, seed: SEED },
);
const total = performance.now() - t0;
console.log(`fuzz: ${RUNS} inputs (seed ${SEED}), ${valid} valid, no exception but ParseError, ${total.toFixed(0)} ms`);
console.log(`slowest single parse: ${slowest.ms.toFixed(2)} ms (${slowest.text.length} chars)`);
const retimed = suspects
  .map(({ text }) => {
    let best = Infinity;
    for (let k = 0; k < 5; k++) best = Math.min(best, timeParse(text));
    return { usPerChar: (best * 1000) / text.length, length: text.length };
  })
  .sort((a, b) => b.usPerChar - a.usPerChar)[0] ?? { usPerChar: 0, length: 0 };
console.log(`worst time/length (inputs >= 64 chars, best of 5): ${retimed.usPerChar.toFixed(3)} us/char (${retimed.length} chars)`);

// Linearity: best of 3 at n and 10n characters' worth of each pattern.
const best = (text: string) => Math.min(timeParse(text), timeParse(text), timeParse(text));
let worstGrowth = 0;
console.log('\npattern                          n=20k      n=200k     ratio (10 = linear)  us/char at 200k');
for (const [name, make] of SCALING) {
  const small = make(20_000);
  const large = make(200_000);
  const a = best(small);
  const b = best(large);
  const ratio = b / Math.max(a, 0.05);
  worstGrowth = Math.max(worstGrowth, ratio);
  console.log(`${name.padEnd(32)} ${a.toFixed(2).padStart(7)} ms ${b.toFixed(2).padStart(8)} ms ${ratio.toFixed(1).padStart(8)} ${((b * 1000) / large.length).toFixed(4).padStart(16)}`);
}
console.log(`\nworst growth for 10x the input: ${worstGrowth.toFixed(1)}x (quadratic would be ~100x)`);
if (worstGrowth > 60) {
  console.error('FAIL: a pattern grows much faster than linearly');
  process.exitCode = 1;
}
