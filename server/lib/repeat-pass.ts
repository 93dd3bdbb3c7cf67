// A pass that runs every so often, one at a time, and sooner while it has work waiting: `soon()` (something was just
// left for it) runs it within `hurriedMs`, and it runs again every `hurriedMs` for as long as it says something still
// waits (for the database to come back, say), then every `everyMs` again.

/** setTimeout and clearTimeout, or a test's own. */
export interface PassTimers {
  set(run: () => void, ms: number): unknown;
  clear(timer: unknown): void;
}

const realTimers: PassTimers = {
  set(run, ms) {
    const timer = setTimeout(run, ms);
    timer.unref?.(); // never what keeps a process alive
    return timer;
  },
  clear: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};

export interface RepeatingPass {
  /** Runs the pass within `hurriedMs`, or again that soon after the one running now. */
  soon(): void;
  /** No pass starts after this; resolves once the one running (if any) has ended. */
  stop(): Promise<void>;
}

export interface RepeatOptions {
  everyMs: number;
  hurriedMs: number;
  timers?: PassTimers;
}

/** Starts at once. A pass that throws counts as one with nothing waiting. */
export function repeatPass(pass: () => Promise<{ waiting: boolean }>, options: RepeatOptions): RepeatingPass {
  const timers = options.timers ?? realTimers;
  let timer: unknown;
  let timerMs = 0;
  let running: Promise<void> | undefined;
  let askedDuringRun = false;
  let stopped = false;

  /** Runs the pass in `ms`, unless one is already due sooner. */
  const arm = (ms: number) => {
    if (stopped) return;
    if (timer !== undefined) {
      if (timerMs <= ms) return;
      timers.clear(timer);
    }
    timerMs = ms;
    timer = timers.set(run, ms);
  };
  const run = () => {
    timer = undefined;
    askedDuringRun = false;
    running = pass()
      .then(
        (r) => r.waiting,
        () => false,
      )
      .then((waiting) => {
        running = undefined;
        arm(waiting || askedDuringRun ? options.hurriedMs : options.everyMs);
      });
  };

  arm(0);
  return {
    soon() {
      if (running) askedDuringRun = true;
      else arm(options.hurriedMs);
    },
    async stop() {
      stopped = true;
      if (timer !== undefined) timers.clear(timer);
      timer = undefined;
      await running;
    },
  };
}
