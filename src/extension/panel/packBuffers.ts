// A webview message's typed arrays travel as buffers beside its JSON. Under code-server (VS Code
// 1.10x), a message of ~760 arrays (a run of 300 layers) reached the webview with its arrays from
// about the 255th on reading other bytes; the webview dropped the trace ("mask does not match its
// shape") and the panel stayed at "Running…". So every view of a message goes into one
// ArrayBuffer, each at an offset its element size divides: VS Code sends one buffer.
type View = Float64Array | Float32Array | Int32Array | Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array;
type ViewOf = new (buffer: ArrayBuffer, byteOffset: number, length: number) => View;

function collect(x: unknown, views: Set<View>): void {
  if (ArrayBuffer.isView(x)) {
    if (!(x instanceof DataView)) views.add(x as View);
    return;
  }
  if (Array.isArray(x)) for (const v of x) collect(v, views);
  else if (x !== null && typeof x === 'object') for (const v of Object.values(x)) collect(v, views);
}

function rebuild(x: unknown, moved: Map<View, View>): unknown {
  if (ArrayBuffer.isView(x)) return moved.get(x as View) ?? x;
  if (Array.isArray(x)) return x.map((v) => rebuild(v, moved));
  if (x !== null && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, rebuild(v, moved)]));
  return x;
}

/** `message` with every typed array in one shared buffer (the message itself when it has fewer than two). */
export function packBuffers<T>(message: T): T {
  const views = new Set<View>();
  collect(message, views);
  if (views.size < 2) return message;
  const at = new Map<View, number>();
  let size = 0;
  for (const v of views) {
    size = Math.ceil(size / 8) * 8;
    at.set(v, size);
    size += v.byteLength;
  }
  const buffer = new ArrayBuffer(size);
  const bytes = new Uint8Array(buffer);
  const moved = new Map<View, View>();
  for (const [v, offset] of at) {
    bytes.set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), offset);
    moved.set(v, new (v.constructor as ViewOf)(buffer, offset, v.length));
  }
  return rebuild(message, moved) as T;
}
