// Test helper: waits until a condition over live state holds, polling, with a clear timeout message.
export async function eventually(condition: () => boolean, timeoutMs = 20_000, what = () => 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
