// Spaces outbound sends to a per-channel rate, so a burst of replies does not get the number flagged.
export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: PacerClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Who is waiting: an agent's reply or service automation goes before campaign and other marketing sends. */
export type PacerPriority = 'service' | 'marketing';

/**
 * One slot every 1/rate seconds, given in order of arrival within a priority, and to a waiting service send before any
 * marketing one: a reply written during a campaign waits at most one slot, not behind every campaign message queued
 * before it. Each slot is chosen when it comes, so a reply that arrives meanwhile takes the next one.
 */
export class SendPacer {
  #lastSlot = -Infinity;
  readonly #waiting: Record<PacerPriority, Array<() => void>> = { service: [], marketing: [] };
  #pumping = false;
  readonly intervalMs: number;

  constructor(
    ratePerSecond: number,
    readonly clock: PacerClock = realClock,
  ) {
    this.intervalMs = 1000 / ratePerSecond;
  }

  wait(priority: PacerPriority = 'service'): Promise<void> {
    return new Promise((resolve) => {
      this.#waiting[priority].push(resolve);
      void this.#pump();
    });
  }

  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      while (this.#waiting.service.length || this.#waiting.marketing.length) {
        const now = this.clock.now();
        const slot = Math.max(now, this.#lastSlot + this.intervalMs);
        if (slot > now) await this.clock.sleep(slot - now);
        this.#lastSlot = slot;
        (this.#waiting.service.shift() ?? this.#waiting.marketing.shift())!();
      }
    } finally {
      this.#pumping = false;
    }
  }
}
