import { describe, expect, it } from 'vitest';
import { keyedWrites, withKeyedWrites } from './keyed-writes.ts';

/** A write that finishes when told to, recording when it started and finished. */
function controlled(log: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    write: async () => {
      log.push(`start ${name}`);
      await done;
      log.push(`end ${name}`);
    },
    finish: () => finish(),
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('keyed writes', () => {
  it('runs writes with different keys side by side, up to the limit', async () => {
    const log: string[] = [];
    const writes = keyedWrites(2);
    const [a, b, c] = ['a', 'b', 'c'].map((n) => controlled(log, n));
    await writes.submit(['x'], a!.write);
    await writes.submit(['y'], b!.write);
    const third = writes.submit(['z'], c!.write);
    await tick();
    expect(log).toEqual(['start a', 'start b']);
    b!.finish();
    await third;
    expect(log).toEqual(['start a', 'start b', 'end b', 'start c']);
    a!.finish();
    c!.finish();
    await writes.settled();
    expect(log.filter((l) => l.startsWith('end'))).toHaveLength(3);
  });

  it('holds a write sharing a key until the earlier one has finished, and what comes after it too', async () => {
    const log: string[] = [];
    const writes = keyedWrites(3);
    const [a, b, c] = ['a', 'b', 'c'].map((n) => controlled(log, n));
    await writes.submit(['k1', 'k2'], a!.write);
    const second = writes.submit(['k2'], b!.write);
    await tick();
    expect(log).toEqual(['start a']);
    a!.finish();
    await second;
    await writes.submit(['k3'], c!.write);
    expect(log).toEqual(['start a', 'end a', 'start b', 'start c']);
    b!.finish();
    c!.finish();
    await writes.settled();
  });

  it('fails the next submit and settled with the first failure, and starts nothing more', async () => {
    const writes = keyedWrites(2);
    let started = 0;
    await writes.submit(['a'], async () => {
      started++;
      throw new Error('batch failed');
    });
    await tick();
    await expect(writes.submit(['b'], async () => void started++)).rejects.toThrow('batch failed');
    await expect(writes.settled()).rejects.toThrow('batch failed');
    expect(started).toBe(1);
  });

  it('reports a failure only once every write it started has finished', async () => {
    const log: string[] = [];
    const slow = controlled(log, 'slow');
    const outcome = withKeyedWrites(2, async (writes) => {
      await writes.submit(['a'], slow.write);
      throw new Error('the file is cut short');
    }).catch((error: Error) => log.push(`failed: ${error.message}`));
    await tick();
    expect(log).toEqual(['start slow']);
    slow.finish();
    await outcome;
    expect(log).toEqual(['start slow', 'end slow', 'failed: the file is cut short']);
  });
});
