// Cooperative time slicing for long work on the extension host's one thread: the work runs in
// short slices and gives the event loop back between them, so VS Code stays responsive and a
// cancellation (or any other message) is seen within a slice. No worker needed, so the same code
// runs in the Node and the web-worker extension hosts.

/** Asked between slices; true stops the work (a cancelled progress notification, a newer trace). */
export type ShouldStop = () => boolean;

/** Thrown when `shouldStop` says so; callers turn it into a quiet "cancelled" outcome. */
export class Cancelled extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'Cancelled';
  }
}

/** How long one slice may hold the thread: well under the 100 ms at which a UI feels stuck. */
export const SLICE_MS = 12;

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** A macrotask, so timers, I/O and messages queued meanwhile run before the next slice. */
const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export class Slicer {
  private sliceStart = now();

  constructor(
    private readonly shouldStop: ShouldStop = () => false,
    private readonly budgetMs = SLICE_MS,
  ) {}

  /** Yields to the event loop once the current slice has used its budget; throws Cancelled when asked to stop. */
  async pause(): Promise<void> {
    if (now() - this.sliceStart < this.budgetMs) return;
    await nextTask();
    this.sliceStart = now();
    if (this.shouldStop()) throw new Cancelled();
  }

  /** Whether the work should stop now: polled by code that has no slices of its own (a worker's host side). */
  stopRequested(): boolean {
    return this.shouldStop();
  }

  /** Always yields (used before and after steps whose size we cannot split). */
  async yieldNow(): Promise<void> {
    await nextTask();
    this.sliceStart = now();
    if (this.shouldStop()) throw new Cancelled();
  }
}
