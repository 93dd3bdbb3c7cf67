// Debounces the workspace-wide value pass: it runs once orders have been quiet a while, and within a minute at most.

export interface Timers {
  now(): number;
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  now: () => Date.now(),
  set: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    (handle as { unref?: () => void }).unref?.();
    return handle;
  },
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface SchedulerOptions {
  /** Wait this long after the last change (a bulk import is many calls in a row). */
  quietMs?: number;
  /** But never longer than this after the first change still waiting. */
  maxWaitMs?: number;
  timers?: Timers;
  onError?(error: unknown): void;
}

export class ValueScheduler {
  #pendingSince: number | undefined;
  #timer: unknown;
  #running: Promise<void> | undefined;
  /** The one pass queued behind the running one. */
  #next: Promise<void> | undefined;
  readonly #quietMs: number;
  readonly #maxWaitMs: number;
  readonly #timers: Timers;

  constructor(
    private readonly pass: () => Promise<unknown>,
    private readonly options: SchedulerOptions = {},
  ) {
    this.#quietMs = options.quietMs ?? 10_000;
    this.#maxWaitMs = options.maxWaitMs ?? 50_000;
    this.#timers = options.timers ?? realTimers;
  }

  /** Orders changed: (re)arm the timer. */
  changed(): void {
    const now = this.#timers.now();
    this.#pendingSince ??= now;
    if (this.#timer !== undefined) this.#timers.clear(this.#timer);
    const due = Math.min(now + this.#quietMs, this.#pendingSince + this.#maxWaitMs);
    this.#timer = this.#timers.set(() => void this.runNow(), Math.max(0, due - now));
  }

  /**
   * Runs the pass now (start-up, the timer, or a caller that needs figures reflecting its changes). Asked while a pass
   * runs, it answers one more pass that starts after that one: the running pass may have read the data before the
   * caller's change, so handing back its promise would report stale figures as fresh.
   */
  runNow(): Promise<void> {
    if (this.#timer !== undefined) this.#timers.clear(this.#timer);
    this.#timer = undefined;
    this.#pendingSince = undefined;
    if (this.#running) {
      this.#next ??= this.#running.then(() => {
        this.#next = undefined;
        return this.runNow();
      });
      return this.#next;
    }
    this.#running = this.pass()
      .then(
        () => undefined,
        (error) => {
          this.options.onError?.(error);
          // A failed pass (a deadlock, a lost connection) is tried again after the quiet period, not left until the next order.
          this.changed();
        },
      )
      .finally(() => {
        this.#running = undefined;
      });
    return this.#running;
  }

  stop(): void {
    if (this.#timer !== undefined) this.#timers.clear(this.#timer);
    this.#timer = undefined;
  }
}
