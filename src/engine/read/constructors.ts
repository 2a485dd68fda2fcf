// The array constructors a reader writes, evaluated as the library does, from a closed set:
// arange, linspace, zeros, ones, full, eye, identity under np./numpy./jnp./torch. Nothing is
// `eval`ed; a call outside the set is refused, and so are calls whose values are not in the text
// (np.empty, anything random).
import { type Arg, type ArgValue, readArgs } from './callArgs';
import { castAll, castTo, type DType, isIntDType, readDType } from './dtypes';
import { ScanFailure } from './scan';
import { MAX_RANK, sizeOf, type Tensor } from '../tensor';

/** The most elements a constructor may build: text this short must not allocate gigabytes. */
export const MAX_BUILT = 20_000_000;

type Family = 'numpy' | 'torch' | 'jax';
const FAMILIES: Record<string, Family> = { np: 'numpy', numpy: 'numpy', torch: 'torch', jnp: 'jax', 'jax.numpy': 'jax' };
const BUILT = new Set(['arange', 'linspace', 'zeros', 'ones', 'full', 'eye', 'identity']);

function split(name: string): { family?: Family; fn: string } {
  const dot = name.lastIndexOf('.');
  return { family: FAMILIES[name.slice(0, dot)], fn: name.slice(dot + 1) };
}

export function isConstructor(name: string): boolean {
  const { family, fn } = split(name);
  return family !== undefined && BUILT.has(fn) && !(family === 'torch' && fn === 'identity');
}

/** Why a call's values are not in the text, or undefined when that is not the trouble. */
export function refusedCall(name: string, at: number): ScanFailure | undefined {
  // np.random.seed(0), default_rng(0), RandomState(1) set a generator up and draw nothing: not a refusal
  // (a notebook cell starting with np.random.seed(0) runs its cells rather than refuse that line)
  const setup = /\.(?:seed|default_rng|RandomState|Generator|SeedSequence|get_state|set_state|manual_seed)$/.test(name);
  if (!setup && /(?:^|\.)(?:random|distributions)\.|^(?:torch\.)?(?:rand|randn|randint|randperm|rand_like|randn_like|randint_like|normal|bernoulli|multinomial|poisson)$/.test(name)) {
    return new ScanFailure('random_call', [name], at);
  }
  const { family, fn } = split(name);
  if (family && /^empty(?:_like|_strided)?$/.test(fn)) return new ScanFailure('undefined_call', [name, name.slice(0, name.lastIndexOf('.'))], at);
  return undefined;
}

const isNumber = (v: ArgValue | undefined): v is number => typeof v === 'number';

/** Positional and keyword arguments matched to parameter names, as Python does. */
function bind(call: string, args: Arg[], params: string[]): Map<string, Arg> {
  const bound = new Map<string, Arg>();
  let k = 0;
  for (const a of args) {
    const key = a.key ?? params[k++];
    if (key === undefined) throw new ScanFailure('takes_most_arguments_here', [call, params.length], a.at);
    if (!params.includes(key)) throw new ScanFailure('has_no_argument_that', [call, key, params.join(', ')], a.at);
    if (bound.has(key)) throw new ScanFailure('got_twice', [call, key], a.at);
    bound.set(key, a);
  }
  return bound;
}

function num(call: string, a: Arg | undefined, fallback: number | undefined, what: string, at: number): number {
  if (a === undefined || a.value === null) {
    if (fallback === undefined) throw new ScanFailure('call_needs', [call, what], at);
    return fallback;
  }
  const v = typeof a.value === 'boolean' ? Number(a.value) : a.value;
  if (!isNumber(v)) throw new ScanFailure('needs_number_for', [call, what], a.at);
  return v;
}

function count(call: string, a: Arg | undefined, what: string, at: number, fallback?: number): number {
  const v = num(call, a, fallback, what, at);
  if (!Number.isInteger(v)) throw new ScanFailure('needs_whole_number_for', [call, what, v], a?.at ?? at);
  return v;
}

/** A shape: one whole number or a tuple/list of them (numpy); torch also takes them as separate arguments. */
export function readShape(call: string, v: ArgValue, at: number): number[] {
  const dims = Array.isArray(v) ? v : [v];
  if (dims.length > MAX_RANK) throw new ScanFailure('shape_has_dimensions_numpy', [dims.length, MAX_RANK], at);
  const shape = dims.map((d) => {
    if (!isNumber(d) || !Number.isInteger(d)) throw new ScanFailure('shape_whole_numbers_such', [call], at);
    if (d < 0) throw new ScanFailure('negative_dimensions_are_allowed', [call], at);
    return d;
  });
  if (sizeOf(shape) > MAX_BUILT) throw new ScanFailure('would_hold_elements_most', [call, sizeOf(shape).toLocaleString('en-US'), MAX_BUILT.toLocaleString('en-US')], at);
  return shape;
}

const FLOAT: Record<Family, DType> = { numpy: 'float64', torch: 'float32', jax: 'float32' };
const INT: Record<Family, DType> = { numpy: 'int64', torch: 'int64', jax: 'int32' };

/** The dtype the library picks: dtype= when given, else int for whole-number arguments (arange, full), else its float. */
function pickDType(family: Family, dtype: Arg | undefined, ints: boolean): DType {
  if (dtype && dtype.value !== null) return readDType(dtype.value, dtype.at);
  return ints ? INT[family] : FLOAT[family];
}
const isIntArg = (a: Arg | undefined) => a === undefined || a.value === null || (isNumber(a.value) && !a.float);

/**
 * torch's linspace kernel (CPU, element by element), in float32 for a float32 result: the first
 * half counts up from start, the second half down from end, so both ends are exact.
 */
function torchLinspace(d: Float64Array, start: number, end: number, steps: number, f: (v: number) => number): void {
  if (steps === 1) {
    d[0] = f(start); // torch fills a single step with start
    return;
  }
  const s = f(start);
  const e = f(end);
  const step = steps > 1 ? f(f(e - s) / (steps - 1)) : 0;
  const halfway = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) d[i] = i < halfway ? f(s + f(step * i)) : f(e - f(step * (steps - i - 1)));
}

export interface Built {
  tensor: Tensor;
  dtype: DType;
  /** End of the call in the text (after ')'). */
  end: number;
}

/**
 * Evaluates the constructor `call` whose '(' is at text[paren] (text[0] at absolute offset `base`).
 * `at` is where the call's name starts, for messages about the call as a whole.
 */
export function buildConstructor(text: string, paren: number, base: number, call: string, at: number): Built {
  const { args, end } = readArgs(text, paren, base, call);
  const { family = 'numpy', fn } = split(call);
  const made = (shape: number[], dtype: DType, fill: (data: Float64Array) => void): Built => {
    const data = new Float64Array(sizeOf(shape));
    fill(data);
    castAll(dtype, data, at);
    return { tensor: { shape, data }, dtype, end };
  };
  if (fn === 'arange') {
    const b = bind(call, args, family === 'torch' ? ['start', 'end', 'step', 'dtype', 'device', 'requires_grad', 'out', 'layout', 'pin_memory'] : ['start', 'stop', 'step', 'dtype', 'like']);
    const stopArg = b.get('stop') ?? b.get('end');
    // arange(n) counts from 0; arange(a, b[, step]) from a
    const [startArg, endArg] = stopArg === undefined ? [undefined, b.get('start')] : [b.get('start'), stopArg];
    const start = num(call, startArg, 0, 'start', at);
    const stop = num(call, endArg, undefined, family === 'torch' ? 'end' : 'stop', base + paren);
    const step = num(call, b.get('step'), 1, 'step', at);
    if (step === 0) throw new ScanFailure('step_so_range_never', [call], b.get('step')?.at ?? at);
    const dtype = pickDType(family, b.get('dtype'), [startArg, endArg, b.get('step')].every(isIntArg));
    const length = Math.max(0, Math.ceil((stop - start) / step));
    if (!Number.isFinite(length)) throw new ScanFailure('range_finite', [call], at);
    const shape = readShape(call, length, at);
    if (family === 'torch') return made(shape, dtype, (d) => d.forEach((_, i) => (d[i] = start + step * i)));
    // numpy fills from its first two values, each already cast: start + i * (second - first)
    const first = castTo(dtype, start, at);
    const delta = castTo(dtype, castTo(dtype, start + step, at) - first, at);
    return made(shape, dtype, (d) => d.forEach((_, i) => (d[i] = i === 0 ? first : castTo(dtype, first + castTo(dtype, i * delta, at), at))));
  }
  if (fn === 'linspace') {
    const b = bind(call, args, family === 'torch' ? ['start', 'end', 'steps', 'dtype', 'device', 'requires_grad', 'out', 'layout'] : ['start', 'stop', 'num', 'endpoint', 'retstep', 'dtype', 'axis']);
    const start = num(call, b.get('start'), undefined, 'start', at);
    const stop = num(call, b.get('stop') ?? b.get('end'), undefined, family === 'torch' ? 'end' : 'stop', at);
    const n = count(call, b.get('num') ?? b.get('steps'), family === 'torch' ? 'steps' : 'num', at, family === 'torch' ? undefined : 50);
    if (n < 0) throw new ScanFailure('negative_samples', [call, n], (b.get('num') ?? b.get('steps'))?.at ?? at);
    const endpoint = b.get('endpoint')?.value ?? true;
    if (b.get('retstep')?.value === true) throw new ScanFailure('retstep_true_returns_pair', [call], at);
    const dtype = pickDType(family, b.get('dtype'), false);
    const shape = readShape(call, n, at);
    if (family === 'torch') return made(shape, dtype, (d) => torchLinspace(d, start, stop, n, dtype === 'float32' ? Math.fround : (v) => v));
    const div = endpoint ? n - 1 : n;
    const delta = stop - start;
    const step = delta / div;
    return made(shape, dtype, (d) => {
      for (let i = 0; i < n; i++) d[i] = (div > 0 ? (step === 0 ? (i / div) * delta : i * step) : i * delta) + start;
      if (endpoint && n > 1) d[n - 1] = stop;
      if (isIntDType(dtype)) for (let i = 0; i < n; i++) d[i] = Math.floor(d[i]); // numpy floors before an integer cast
    });
  }
  if (fn === 'zeros' || fn === 'ones' || fn === 'full') {
    const params = fn === 'full' ? ['shape', 'fill_value', 'dtype', 'order', 'like', 'device', 'requires_grad', 'size'] : ['shape', 'dtype', 'order', 'like', 'device', 'requires_grad', 'size'];
    // torch.zeros(2, 3): sizes as separate arguments
    let rest = args;
    let shapeValue: ArgValue | undefined;
    if (family === 'torch' && fn !== 'full') {
      const sizes = args.filter((a) => a.key === undefined);
      rest = args.filter((a) => a.key !== undefined);
      shapeValue = sizes.length === 1 ? sizes[0].value : sizes.map((a) => a.value);
    }
    const b = bind(call, rest, params);
    const shapeArg = b.get('shape') ?? b.get('size');
    if (shapeValue === undefined) shapeValue = shapeArg?.value;
    if (shapeValue === undefined) throw new ScanFailure('needs_shape_such_as', [call], at);
    const shape = readShape(call, shapeValue, shapeArg?.at ?? at);
    const fillArg = b.get('fill_value');
    const value = fn === 'full' ? num(call, fillArg, undefined, 'fill_value', at) : fn === 'ones' ? 1 : 0;
    const fillIsInt = fn === 'full' && fillArg !== undefined && (typeof fillArg.value === 'boolean' || isIntArg(fillArg));
    const dtype = fn === 'full' && typeof fillArg?.value === 'boolean' && !b.get('dtype') ? 'bool' : pickDType(family, b.get('dtype'), fillIsInt);
    return made(shape, dtype, (d) => d.fill(value));
  }
  // eye(N, M=None, k=0) and identity(n): ones on a diagonal
  const b = bind(call, args, fn === 'identity' ? ['n', 'dtype', 'like'] : family === 'torch' ? ['n', 'm', 'dtype', 'device', 'requires_grad', 'out', 'layout'] : ['N', 'M', 'k', 'dtype', 'order', 'like']);
  const rows = count(call, b.get('N') ?? b.get('n'), fn === 'identity' || family === 'torch' ? 'n' : 'N', at);
  const cols = count(call, b.get('M') ?? b.get('m'), family === 'torch' ? 'm' : 'M', at, rows);
  const k = count(call, b.get('k'), 'k', at, 0);
  const shape = readShape(call, [rows, cols], at);
  return made(shape, pickDType(family, b.get('dtype'), false), (d) => {
    for (let i = 0; i < rows; i++) if (i + k >= 0 && i + k < cols) d[i * cols + i + k] = 1;
  });
}
