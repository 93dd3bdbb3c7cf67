// Writing down a send the provider accepted: retried on its own, and when it cannot be done, said so plainly.
import { describe, expect, it } from 'vitest';
import { recordAfterSend, RecordingFailed } from './record-after-send.ts';

describe('recording a send', () => {
  it('tries the write again after each wait, and returns what it wrote once it succeeds', async () => {
    let calls = 0;
    const flaky = async () => {
      calls += 1;
      if (calls < 3) throw new Error('connection terminated');
      return 'recorded';
    };
    expect(await recordAfterSend(flaky, [1, 1, 1])).toBe('recorded');
    expect(calls).toBe(3);
  });

  it('gives up after its waits, saying the provider accepted the message', async () => {
    let calls = 0;
    const failing = () => {
      calls += 1;
      return Promise.reject(new Error('connection terminated'));
    };
    const error = await recordAfterSend(failing, [1, 1]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecordingFailed);
    expect((error as Error).message).toBe('The provider accepted the message, but recording it failed: connection terminated');
    expect(calls).toBe(3);
  });
});
