import { describe, expect, it } from 'vitest';
import { SendPacer } from './send-pacer.ts';
import { StillClock } from './testing/harness.ts';

describe('SendPacer', () => {
  it('lets the first send through and holds each next one a full interval after the previous slot', async () => {
    const clock = new StillClock();
    const pacer = new SendPacer(1, clock);
    await Promise.all([pacer.wait(), pacer.wait(), pacer.wait()]);
    expect(clock.wakeAt).toEqual([1000, 2000]);
  });

  it('does not hold a send that comes after the interval has passed', async () => {
    const clock = new StillClock();
    const pacer = new SendPacer(1, clock);
    await pacer.wait();
    clock.t = 1500;
    await pacer.wait();
    clock.t = 1700;
    await pacer.wait();
    expect(clock.wakeAt).toEqual([2500]);
  });
});
