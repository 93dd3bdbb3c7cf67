// Stores WhatsApp history sync chunks, which WhatsApp sends once: a page whose commit fails must not be dropped. A
// live message whose commit fails for a passing reason comes here too, as a page of one: WhatsApp does not resend it.
//
// While the failure may pass (the database away, contention outlasting the ingest's own retries) the page is tried
// again, whole, with backoff, for five minutes at most; then, or at once for any other failure, each message is stored
// alone, so one message cannot lose its neighbours. A page waits for its next try off the event queue, so live
// messages keep flowing meanwhile; a stop ends the waiting and stores what waited message by message.
import type { ChannelContext, InboundMessage } from '../channel.ts';
import { deliverPage } from '../deliver-page.ts';
import { isTransientFailure } from '../is-transient-failure.ts';
import type { Schedule } from './socket-supervisor.ts';

/** The backoff, added up, after which a history page that still fails is stored message by message. */
export const HISTORY_RETRY_BUDGET_MS = 5 * 60_000;

export interface ReceivedMessage {
  id: string | null | undefined;
  inbound: InboundMessage;
}

export interface HistoryPagesOptions {
  ctx: Pick<ChannelContext, 'sink' | 'log' | 'health' | 'now'>;
  schedule: Schedule;
  backoff: (attempt: number) => number;
  /** Runs a try on the channel's event queue, in turn with live messages. */
  enqueue(task: () => Promise<void>): void;
  /** Stores one message alone; reports a failure, never throws. */
  alone(message: ReceivedMessage): Promise<void>;
}

export class HistoryPages {
  readonly #options: HistoryPagesOptions;
  /** Pages waiting for their next try, with the cancel of its timer. */
  readonly #waiting = new Map<ReceivedMessage[], () => void>();
  #stopped = false;

  constructor(options: HistoryPagesOptions) {
    this.#options = options;
  }

  /** Stores a history page in one commit, or leaves it waiting for another try; never throws. */
  store(page: ReceivedMessage[]): Promise<void> {
    return this.#try(page, 0, 0);
  }

  /** No more waiting: pages still waiting are stored message by message, on the event queue. */
  stop(): void {
    this.#stopped = true;
    for (const [page, cancel] of this.#waiting) {
      cancel();
      this.#options.enqueue(() => this.#oneByOne(page));
    }
    this.#waiting.clear();
  }

  async #try(page: ReceivedMessage[], attempt: number, waitedMs: number): Promise<void> {
    const { ctx, alone } = this.#options;
    try {
      await deliverPage(ctx.sink, page, { prepare: async ({ inbound }) => ({ message: inbound }), alone, delivered: () => undefined });
      ctx.health({ lastEventAt: ctx.now().toISOString() });
      return;
    } catch (error) {
      const delay = this.#options.backoff(attempt);
      if (!this.#stopped && isTransientFailure(error) && waitedMs + delay <= HISTORY_RETRY_BUDGET_MS) {
        ctx.log.warn({ err: error, messages: page.length, retryInMs: delay }, 'whatsapp: storing a history page failed; trying again');
        ctx.health({ lastError: `history page of ${page.length} messages not stored yet: ${(error as Error).message}` });
        this.#wait(page, delay, () => this.#try(page, attempt + 1, waitedMs + delay));
        return;
      }
      ctx.log.warn({ err: error, messages: page.length }, 'whatsapp: storing a history page failed; storing its messages one by one');
      await this.#oneByOne(page);
    }
  }

  #wait(page: ReceivedMessage[], ms: number, retry: () => Promise<void>): void {
    const cancel = this.#options.schedule(() => {
      this.#waiting.delete(page);
      this.#options.enqueue(retry);
    }, ms);
    this.#waiting.set(page, cancel);
  }

  async #oneByOne(page: ReceivedMessage[]): Promise<void> {
    for (const message of page) await this.#options.alone(message);
  }
}
