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

describe('SendPacer priorities', () => {
  it('gives the next slot to a reply over campaign sends that were waiting before it', async () => {
    const clock = new StillClock();
    const pacer = new SendPacer(1, clock);
    const order: string[] = [];
    const waits = ['m1', 'm2', 'm3'].map((name) => pacer.wait('marketing').then(() => order.push(name)));
    waits.push(pacer.wait('service').then(() => order.push('reply')));
    await Promise.all(waits);
    expect(order).toEqual(['m1', 'reply', 'm2', 'm3']);
    expect(clock.wakeAt).toEqual([1000, 2000, 3000]);
  });
});
