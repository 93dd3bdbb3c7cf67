// What this process knows of its spool, the files it keeps while the database is away (inbound-spool.ts,
// shop-spool.ts, consent-spool.ts). Whatever keeps a file says so, and the spool pass looks again within seconds, and
// every few seconds while the database is still away, rather than at its next half-minute. An opt-out kept and not
// yet recorded holds this process's marketing lane: a customer who unsubscribed during an outage is not sent a
// campaign in the moments after the database returns, before the pass has written their opt-out down.
import { repeatPass, type PassTimers, type RepeatingPass } from './repeat-pass.ts';

/** How often the pass looks when nothing waits. */
export const SPOOL_PASS_MS = 30_000;
/** How soon it looks after something was kept, and again while the database is still away. */
export const SPOOL_HURRIED_MS = 2_000;

export class SpoolWatch {
  #pass: RepeatingPass | undefined;
  #optOutsKept = 0;
  #optOutsWaiting = false;

  /** Runs `pass` now and then on the schedule above; it says whether anything was left for want of the database. */
  start(pass: () => Promise<{ waiting: boolean }>, timers?: PassTimers): void {
    // Until the first pass has looked, opt-outs kept by an earlier run of this process may be waiting.
    this.#optOutsWaiting = true;
    this.#pass = repeatPass(pass, { everyMs: SPOOL_PASS_MS, hurriedMs: SPOOL_HURRIED_MS, timers });
  }

  async stop(): Promise<void> {
    await this.#pass?.stop();
  }

  /** A file was just kept; `optOut` when it is a customer's opt-out. */
  kept(what: { optOut?: boolean } = {}): void {
    if (what.optOut) {
      this.#optOutsKept++;
      this.#optOutsWaiting = true;
    }
    this.#pass?.soon();
  }

  /** True while an opt-out this process kept may not be recorded yet: the marketing lane waits meanwhile. */
  get optOutsWaiting(): boolean {
    return this.#optOutsWaiting;
  }

  /**
   * For the pass, as it starts on the kept opt-outs: call what it returns with whether it stopped for want of the
   * database. One kept while it ran (which it may not have seen) still counts as waiting.
   */
  lookingAtOptOuts(): (stoppedAway: boolean) => void {
    const keptBefore = this.#optOutsKept;
    return (stoppedAway) => {
      this.#optOutsWaiting = stoppedAway || this.#optOutsKept !== keptBefore;
    };
  }
}
