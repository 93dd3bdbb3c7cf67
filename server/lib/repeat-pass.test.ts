// The spool pass's schedule, on timers the test fires by hand: every half-minute when nothing waits, within seconds
// of something being kept, and every few seconds while the database is still away.
import { describe, expect, it } from 'vitest';
import { repeatPass, type PassTimers } from './repeat-pass.ts';

/** Lets a finished pass's promise callbacks run. */
const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

function handTimers() {
  const pending = new Map<number, { run: () => void; ms: number }>();
  let serial = 0;
  const timers: PassTimers = {
    set(run, ms) {
      pending.set(++serial, { run, ms });
      return serial;
    },
    clear: (timer) => void pending.delete(timer as number),
  };
  return {
    timers,
    /** The delays armed now. */
    armed: () => [...pending.values()].map((t) => t.ms),
    /** Fires the one armed timer and lets its pass finish. */
    async fire() {
      expect(pending.size).toBe(1);
      const [[id, timer]] = [...pending];
      pending.delete(id);
      timer.run();
      await settle();
    },
  };
}

describe('a repeating pass', () => {
  it('runs at once, then every everyMs while nothing waits', async () => {
    const clock = handTimers();
    let runs = 0;
    const pass = repeatPass(async () => (runs++, { waiting: false }), { everyMs: 30_000, hurriedMs: 2_000, timers: clock.timers });
    expect(clock.armed()).toEqual([0]);
    await clock.fire();
    expect([runs, clock.armed()]).toEqual([1, [30_000]]);
    await clock.fire();
    expect([runs, clock.armed()]).toEqual([2, [30_000]]);
    await pass.stop();
    expect(clock.armed()).toEqual([]);
  });

  it('runs within hurriedMs when asked, and keeps that pace while something waits', async () => {
    const clock = handTimers();
    const waiting = [false, true, true, false];
    const pass = repeatPass(async () => ({ waiting: waiting.shift() ?? false }), { everyMs: 30_000, hurriedMs: 2_000, timers: clock.timers });
    await clock.fire();
    expect(clock.armed()).toEqual([30_000]);
    pass.soon(); // something was kept: the half-minute timer gives way to a sooner one
    expect(clock.armed()).toEqual([2_000]);
    pass.soon(); // asking twice arms one timer
    expect(clock.armed()).toEqual([2_000]);
    await clock.fire(); // the database still away
    expect(clock.armed()).toEqual([2_000]);
    await clock.fire(); // still away
    expect(clock.armed()).toEqual([2_000]);
    await clock.fire(); // back: everything stored
    expect(clock.armed()).toEqual([30_000]);
    await pass.stop();
  });

  it('runs again soon when asked while a pass is running, which may have missed what was kept', async () => {
    const clock = handTimers();
    let release = () => {};
    const pass = repeatPass(() => new Promise<{ waiting: boolean }>((resolve) => (release = () => resolve({ waiting: false }))), {
      everyMs: 30_000,
      hurriedMs: 2_000,
      timers: clock.timers,
    });
    const first = clock.fire();
    pass.soon();
    expect(clock.armed()).toEqual([]); // one pass at a time
    await first;
    release();
    await settle();
    expect(clock.armed()).toEqual([2_000]);
    await pass.stop();
  });

  it('counts a pass that throws as one with nothing waiting, and starts none after stop', async () => {
    const clock = handTimers();
    const pass = repeatPass(
      async () => {
        throw new Error('disk gone');
      },
      { everyMs: 30_000, hurriedMs: 2_000, timers: clock.timers },
    );
    await clock.fire();
    expect(clock.armed()).toEqual([30_000]);
    await pass.stop();
    pass.soon();
    expect(clock.armed()).toEqual([]);
  });
});
