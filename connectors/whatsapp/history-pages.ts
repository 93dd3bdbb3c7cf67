// Stores WhatsApp history sync chunks, which WhatsApp sends once: a page whose commit fails must not be dropped. A
// live message whose commit fails for a passing reason comes here too, as a page of one: WhatsApp does not resend it.
//
// While the failure may pass (the database away, contention outlasting the ingest's own retries) the page is tried
// again, whole, with backoff, for five minutes at most; then, or at once for any other failure, each message is stored
// alone, so one message cannot lose its neighbours. A page waits for its next try off the event queue, so live
// messages keep flowing meanwhile; a stop ends the waiting and stores what waited message by message. A page that
// waits is kept in the server's spool (a file) from its first failure until each of its messages is stored or
// refused for good, so a process stopped or killed during an outage leaves it for the server to store later.
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
  ctx: Pick<ChannelContext, 'sink' | 'log' | 'health' | 'now' | 'spool'>;
  schedule: Schedule;
  backoff: (attempt: number) => number;
  /** Runs a try on the channel's event queue, in turn with live messages. */
  enqueue(task: () => Promise<void>): void;
  /** Stores one message alone; reports a failure, never throws. False when it failed for a reason that may pass. */
  alone(message: ReceivedMessage): Promise<boolean>;
}

/** A page and, once it has failed, the spool file keeping it. */
interface Page {
  messages: ReceivedMessage[];
  spoolId?: string;
}

export class HistoryPages {
  readonly #options: HistoryPagesOptions;
  /** Pages waiting for their next try, with the cancel of its timer. */
  readonly #waiting = new Map<Page, () => void>();
  #stopped = false;

  constructor(options: HistoryPagesOptions) {
    this.#options = options;
  }

  /** Stores a history page in one commit, or leaves it waiting for another try; never throws. */
  store(messages: ReceivedMessage[]): Promise<void> {
    return this.#try({ messages }, 0, 0);
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

  async #try(page: Page, attempt: number, waitedMs: number): Promise<void> {
    const { ctx, alone } = this.#options;
    try {
      let settled = true;
      const one = async (message: ReceivedMessage) => void ((await alone(message)) || (settled = false));
      await deliverPage(ctx.sink, page.messages, { prepare: async ({ inbound }) => ({ message: inbound }), alone: one, delivered: () => undefined });
      ctx.health({ lastEventAt: ctx.now().toISOString() });
      await this.#settle(page, settled);
      return;
    } catch (error) {
      const delay = this.#options.backoff(attempt);
      if (!this.#stopped && isTransientFailure(error) && waitedMs + delay <= HISTORY_RETRY_BUDGET_MS) {
        ctx.log.warn({ err: error, messages: page.messages.length, retryInMs: delay }, 'whatsapp: storing a history page failed; trying again');
        ctx.health({ lastError: `history page of ${page.messages.length} messages not stored yet: ${(error as Error).message}` });
        await this.#keep(page);
        this.#wait(page, delay, () => this.#try(page, attempt + 1, waitedMs + delay));
        return;
      }
      ctx.log.warn({ err: error, messages: page.messages.length }, 'whatsapp: storing a history page failed; storing its messages one by one');
      await this.#oneByOne(page);
    }
  }

  #wait(page: Page, ms: number, retry: () => Promise<void>): void {
    const cancel = this.#options.schedule(() => {
      this.#waiting.delete(page);
      this.#options.enqueue(retry);
    }, ms);
    this.#waiting.set(page, cancel);
  }

  async #oneByOne(page: Page): Promise<void> {
    let settled = true;
    for (const message of page.messages) if (!(await this.#options.alone(message))) settled = false;
    await this.#settle(page, settled);
  }

  /**
   * Out of the spool once every message is stored or refused for good; else a message failed for a reason that may
   * pass, and it waits there (with its page: what was stored is found stored again) for the server to store later.
   */
  async #settle(page: Page, settled: boolean): Promise<void> {
    if (settled) await this.#release(page);
    else await this.#keep(page);
  }

  /** Into the spool, once; a spool that fails leaves the page in memory alone, as before there was one. */
  async #keep(page: Page): Promise<void> {
    const { spool } = this.#options.ctx;
    if (page.spoolId || !spool) return;
    try {
      page.spoolId = await spool.keep(page.messages.map((m) => m.inbound));
    } catch (error) {
      this.#options.ctx.log.error({ err: error, messages: page.messages.length }, 'whatsapp: keeping a waiting history page on disk failed');
    }
  }

  async #release(page: Page): Promise<void> {
    if (!page.spoolId) return;
    await this.#options.ctx.spool?.release(page.spoolId).catch((error: unknown) => this.#options.ctx.log.warn({ err: error }, 'whatsapp: removing a stored page from the spool failed'));
    page.spoolId = undefined;
  }
}
