// Spaces outbound sends to a per-channel rate, so a burst of replies does not get the number flagged.
export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: PacerClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** A queue with one slot every 1/rate seconds: callers reserve the next free slot, then wait for it. */
export class SendPacer {
  #nextSlot = -Infinity;
  readonly intervalMs: number;

  constructor(
    ratePerSecond: number,
    readonly clock: PacerClock = realClock,
  ) {
    this.intervalMs = 1000 / ratePerSecond;
  }

  async wait(): Promise<void> {
    const now = this.clock.now();
    // Reserving synchronously keeps concurrent callers in order, each one interval after the last.
    const slot = Math.max(now, this.#nextSlot);
    this.#nextSlot = slot + this.intervalMs;
    if (slot > now) await this.clock.sleep(slot - now);
  }
}
