// A background timer that never overlaps itself and logs instead of crashing the process.

export function every(log: { warn(o: object, m: string): void }, ms: number, name: string, task: () => Promise<unknown>, options: { immediately?: boolean } = {}): () => void {
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      await task();
    } catch (err) {
      log.warn({ err }, `${name} failed`);
    } finally {
      busy = false;
    }
  };
  if (options.immediately) void tick();
  const timer = setInterval(tick, ms);
  timer.unref?.();
  return () => clearInterval(timer);
}
