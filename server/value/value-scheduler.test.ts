// The workspace value pass is debounced: quiet period after the last change, bounded by a maximum wait.
import { describe, expect, it } from 'vitest';
import { ValueScheduler, type Timers } from './value-scheduler.ts';

function manualTimers() {
  let now = 0;
  let queue: Array<{ at: number; fn: () => void; id: number }> = [];
  let next = 0;
  const timers: Timers = {
    now: () => now,
    set: (fn, ms) => {
      const id = next++;
      queue.push({ at: now + ms, fn, id });
      return id;
    },
    clear: (id) => (queue = queue.filter((q) => q.id !== id)),
  };
  return {
    timers,
    async advance(ms: number) {
      now += ms;
      for (const due of queue.filter((q) => q.at <= now)) {
        queue = queue.filter((q) => q !== due);
        due.fn();
      }
      await new Promise((r) => setImmediate(r));
    },
  };
}

describe('value scheduler', () => {
  it('runs once 10 s after the last of a burst of changes', async () => {
    const clock = manualTimers();
    let runs = 0;
    const s = new ValueScheduler(async () => void runs++, { timers: clock.timers });
    s.changed();
    await clock.advance(5_000);
    s.changed();
    await clock.advance(9_000);
    expect(runs).toBe(0);
    await clock.advance(1_000);
    expect(runs).toBe(1);
    await clock.advance(60_000);
    expect(runs).toBe(1);
  });

  it('never waits more than 50 s after the first change while changes keep coming', async () => {
    const clock = manualTimers();
    let runs = 0;
    const s = new ValueScheduler(async () => void runs++, { timers: clock.timers });
    for (let t = 0; t < 49_000; t += 7_000) {
      s.changed();
      await clock.advance(7_000);
    }
    expect(runs).toBe(0);
    s.changed();
    await clock.advance(1_000);
    expect(runs).toBe(1);
  });

  it('runs one more pass when orders change during a pass', async () => {
    const clock = manualTimers();
    let runs = 0;
    let release!: () => void;
    const s = new ValueScheduler(
      () =>
        new Promise<void>((r) => {
          runs++;
          release = r;
        }),
      { timers: clock.timers },
    );
    const first = s.runNow();
    s.changed();
    await clock.advance(10_000); // due while the first pass still runs: folded into one more pass after it
    release();
    await first;
    await clock.advance(10_000);
    expect(runs).toBe(2);
    release();
  });

  it('answers a pass that starts after a running one when asked to run now, so its figures include what changed before', async () => {
    const clock = manualTimers();
    const started: number[] = [];
    const releases: Array<() => void> = [];
    const s = new ValueScheduler(
      () =>
        new Promise<void>((r) => {
          started.push(started.length + 1);
          releases.push(r);
        }),
      { timers: clock.timers },
    );
    void s.runNow(); // a pass already under way (the timer's), reading the data as it was
    let done = false;
    const asked = s.runNow().then(() => (done = true));
    const alsoAsked = s.runNow();
    releases[0]!();
    await new Promise((r) => setTimeout(r, 0)); // the first pass's promise chain settles
    expect(done).toBe(false);
    expect(started).toEqual([1, 2]); // one more pass for both callers, begun once the first ended
    releases[1]!();
    await asked;
    await alsoAsked;
    expect(done).toBe(true);
    expect(started).toEqual([1, 2]);
  });

  it('tries a failed pass again after the quiet period', async () => {
    const clock = manualTimers();
    let runs = 0;
    const errors: unknown[] = [];
    const s = new ValueScheduler(
      async () => {
        runs++;
        if (runs === 1) throw new Error('deadlock detected');
      },
      { timers: clock.timers, onError: (e) => errors.push(e) },
    );
    await s.runNow();
    expect(errors).toHaveLength(1);
    await clock.advance(10_000);
    expect(runs).toBe(2);
  });
});
