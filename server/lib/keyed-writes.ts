// Batched writes run side by side, yet every key sees its writes in the order they were submitted.

export interface KeyedWrites {
  /**
   * Starts `write` once fewer than the limit are running and none running shares a key with it; resolves when it has
   * started (awaiting each submit in turn keeps the start order). A failed write fails the next submit and `settled`.
   */
  submit(keys: Iterable<string>, write: () => Promise<void>): Promise<void>;
  /** Resolves when every submitted write has finished; rejects with the first failure. */
  settled(): Promise<void>;
}

/**
 * Writes of one import (batches of rows) at most `limit` at a time. Two batches naming the same key (an identity, an
 * order) never overlap: the later waits for the earlier to commit, so "later rows win" holds as if they ran one by one.
 * With a limit of 1 it is the plain sequence.
 */
export function keyedWrites(limit: number): KeyedWrites {
  const running = new Map<Promise<void>, Set<string>>();
  let failure: { error: unknown } | undefined;
  const throwIfFailed = () => {
    if (failure) throw failure.error;
  };
  return {
    async submit(keys, write) {
      const mine = new Set(keys);
      const shares = (theirs: Set<string>) => [...mine].some((k) => theirs.has(k));
      for (;;) {
        throwIfFailed();
        const blocking = [...running].filter(([, theirs]) => running.size >= limit || shares(theirs)).map(([p]) => p);
        if (!blocking.length) break;
        await Promise.race(blocking);
      }
      const done: Promise<void> = write().then(
        () => void running.delete(done),
        (error) => {
          running.delete(done);
          failure ??= { error };
        },
      );
      running.set(done, mine);
    },
    async settled() {
      while (running.size) await Promise.all(running.keys());
      throwIfFailed();
    },
  };
}

/**
 * Runs `fill`, which submits writes, then waits for every write it started — also when `fill` or a write failed, so
 * nothing is still writing once the caller reports the outcome. Rejects with the first failure.
 */
export async function withKeyedWrites(limit: number, fill: (writes: KeyedWrites) => Promise<void>): Promise<void> {
  const writes = keyedWrites(limit);
  try {
    await fill(writes);
  } catch (error) {
    await writes.settled().catch(() => {});
    throw error;
  }
  await writes.settled();
}
