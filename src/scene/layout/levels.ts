// The presentation levels, in the order the panel tries them: the first that shows the whole
// graph at 12 px is drawn (policy.ts). Each level says what it changes, along a few dimensions
// that hold for any graph: the direction of the flow, how an edge's two texts sit, how many words
// and digits a text has, where a parameter's texts go, how close things are, where a small
// array may wrap and into how many columns a stack folds. No level belongs to one graph: a graph that fits none is drawn at the level
// that shows it largest and pans.
import type { Orientation } from './types';

export interface Presentation {
  /** The flow: left to right as the book draws it, or top to bottom for a tall narrow panel. */
  flow: Orientation;
  /** An edge's value and gradient: side by side about the arrows, or (TB) one above the other where the rank is shared. */
  pair: 'side' | 'stacked';
  /**
   * `book`: every text named, 4 digits. `short`: 3 significant digits, the start of backward as
   * `dout = 1`, a value leaving on several edges printed once in its node. `fewest`: as short, and
   * a glyph's range to 2 digits, an input's value not named again on its edge, names at 12 px.
   */
  words: 'book' | 'short' | 'fewest';
  /**
   * A parameter's value and gradient: on its edge, beside its node (glyphs left of two lines),
   * above its node, or `inside` its layer's card (the parameter's box and its two texts in a row
   * under the layer's name, no edge: cards.ts); `stack`: inside, and the net's inputs and its
   * output in the cards of the layers they enter and leave (a stack of cards, arrows between layers).
   */
  params: 'edge' | 'beside' | 'above' | 'inside' | 'stack';
  /** `usual`; `close`: ranks 8 px apart; `closest`: neighbours in a rank 8 px apart too, boxes padded less. */
  spacing: 'usual' | 'close' | 'closest';
  /** A single long row of a small array wrapped at numpy's usual line width, or a narrower one. */
  wrap: 'usual' | 'narrow';
  /**
   * Small arrays printed in full (their shape kept, labels.ts), or every array as a glyph with its
   * shape and range; `mark`: every array a small glyph one line tall beside its name and shape, its
   * range and values in the details and the hover (a short wide panel: the Debug Console open);
   * `tiny`: as `mark`, and a gradient named alone (dW: its shape is its value's, written beside
   * it), a mask's count without the shape its x shows, the start of backward as the book writes
   * it (dL/dL = 1): a panel short of both width and height (the Debug Console open at 1000×800).
   */
  arrays: 'full' | 'glyph' | 'mark' | 'tiny';
  /** Top to bottom in one column, or folded into two or three read in order (fold.ts): a short wide panel. */
  columns: 1 | 2 | 3;
  /** `cut`: an integer of more than 9 digits (an int64's 1152921504606846977) drawn as `1152…977`, all of them in the details (labels.ts). */
  ints?: 'cut';
}

/** What buildScene and layout take: a level, and the panel's room across the flow (packed into, pack.ts). */
export interface LevelOptions extends Presentation {
  room?: number;
}

const BOOK: Presentation = { flow: 'LR', pair: 'side', words: 'book', params: 'edge', spacing: 'usual', wrap: 'usual', arrays: 'full', columns: 1 };

/** A level from the book's own by what it changes. */
export const level = (change: Partial<Presentation> = {}): Presentation => ({ ...BOOK, ...change });

/** In order: each gives up a little more of the book's look for room. */
export const LEVELS: readonly { name: string; p: Presentation }[] = [
  { name: 'book', p: level() },
  { name: 'down', p: level({ flow: 'TB' }) },
  { name: 'down, stacked', p: level({ flow: 'TB', pair: 'stacked' }) },
  { name: 'short', p: level({ words: 'short', spacing: 'close' }) },
  { name: 'short, down', p: level({ flow: 'TB', words: 'short', spacing: 'close' }) },
  { name: 'short, down, stacked', p: level({ flow: 'TB', pair: 'stacked', words: 'short', spacing: 'close' }) },
  { name: 'parameters beside', p: level({ flow: 'TB', pair: 'stacked', words: 'short', params: 'beside', spacing: 'close', wrap: 'narrow' }) },
  { name: 'parameters in their layer', p: level({ flow: 'TB', pair: 'stacked', words: 'short', params: 'inside', spacing: 'close', wrap: 'narrow' }) },
  { name: 'fewest', p: level({ flow: 'TB', pair: 'stacked', words: 'fewest', params: 'beside', spacing: 'closest', wrap: 'narrow' }) },
  // tried only for a graph with such integers (policy.ts): a wide int64 array whose every digit fits nowhere
  { name: 'fewest, long integers cut', p: level({ flow: 'TB', pair: 'stacked', words: 'fewest', params: 'beside', spacing: 'closest', wrap: 'narrow', ints: 'cut' }) },
  { name: 'fewest, parameters above', p: level({ flow: 'TB', pair: 'stacked', words: 'fewest', params: 'above', spacing: 'closest', wrap: 'narrow' }) },
  { name: 'fewest, rows wider', p: level({ flow: 'TB', pair: 'stacked', words: 'fewest', params: 'beside', spacing: 'closest', wrap: 'usual' }) },
  { name: 'fewest, parameters in their layer', p: level({ flow: 'TB', pair: 'stacked', words: 'fewest', params: 'inside', spacing: 'closest', wrap: 'narrow' }) },
  { name: 'layer stack', p: level({ flow: 'TB', pair: 'stacked', words: 'fewest', params: 'stack', spacing: 'closest', wrap: 'narrow' }) },
  { name: 'layer stack, two columns', p: level({ flow: 'TB', pair: 'stacked', words: 'fewest', params: 'stack', spacing: 'closest', wrap: 'narrow', columns: 2 }) },
  { name: 'layer stack, three columns', p: level({ flow: 'TB', pair: 'stacked', words: 'fewest', params: 'stack', spacing: 'closest', wrap: 'narrow', columns: 3 }) },
  { name: 'layer stack, glyphs', p: level({ flow: 'TB', pair: 'stacked', words: 'fewest', params: 'stack', spacing: 'closest', wrap: 'narrow', arrays: 'glyph' }) },
  { name: 'fewest, glyphs', p: level({ flow: 'TB', pair: 'stacked', words: 'fewest', params: 'above', spacing: 'closest', wrap: 'narrow', arrays: 'glyph' }) },
  { name: 'layer stack, small glyphs', p: level({ flow: 'TB', pair: 'stacked', words: 'fewest', params: 'stack', spacing: 'closest', wrap: 'narrow', arrays: 'mark' }) },
  { name: 'layer stack, small glyphs, two columns', p: level({ flow: 'TB', pair: 'stacked', words: 'fewest', params: 'stack', spacing: 'closest', wrap: 'narrow', arrays: 'mark', columns: 2 }) },
  { name: 'layer stack, small glyphs, three columns', p: level({ flow: 'TB', pair: 'stacked', words: 'fewest', params: 'stack', spacing: 'closest', wrap: 'narrow', arrays: 'mark', columns: 3 }) },
  { name: 'layer stack, tiny, two columns', p: level({ flow: 'TB', pair: 'stacked', words: 'fewest', params: 'stack', spacing: 'closest', wrap: 'narrow', arrays: 'tiny', columns: 2 }) },
];

/** Derived switches the scene and layout read: one place maps the dimensions onto mechanisms. */
export const isShort = (p: Presentation): boolean => p.words !== 'book';
export const isFewest = (p: Presentation): boolean => p.words === 'fewest';
/** Parameters off their edges (TB only): glyphs left of their two lines, the port names' band on the inflow side only. */
export const offEdge = (p: Presentation): boolean => p.params !== 'edge' && p.flow === 'TB';
/** Parameters inside their layer's card (TB only, cards.ts). */
export const inCard = (p: Presentation): boolean => (p.params === 'inside' || p.params === 'stack') && p.flow === 'TB';
