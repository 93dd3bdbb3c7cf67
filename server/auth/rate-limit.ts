// A sliding-window limiter for login attempts, kept in memory per process.
export class RateLimiter {
  #hits = new Map<string, number[]>();

  constructor(private readonly limit: number, private readonly windowMs: number, private readonly now: () => number = Date.now) {}

  /** Records an attempt; returns the seconds to wait when over the limit. */
  hit(key: string): number | undefined {
    const t = this.now();
    const recent = (this.#hits.get(key) ?? []).filter((h) => t - h < this.windowMs);
    if (recent.length >= this.limit) {
      this.#hits.set(key, recent);
      return Math.ceil((this.windowMs - (t - recent[0]!)) / 1000);
    }
    recent.push(t);
    this.#hits.set(key, recent);
    if (this.#hits.size > 10_000) this.#hits.delete(this.#hits.keys().next().value!);
    return undefined;
  }

  reset(key: string) {
    this.#hits.delete(key);
  }
}
