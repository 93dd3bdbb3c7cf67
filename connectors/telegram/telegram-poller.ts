// Long polling with our own offset: it advances only after the sink committed the update (never bot.launch()).
import type { BotApiClient } from './bot-api-client.ts';
import type { ChannelContext } from '../channel.ts';
import { ALLOWED_UPDATES, OFFSET_KEY, type TgUpdate } from './telegram-updates.ts';

export interface PollerOptions {
  api: BotApiClient;
  ctx: Pick<ChannelContext, 'state' | 'health' | 'log' | 'signal' | 'now'>;
  timeoutSec: number;
  /** Commits a page of updates with the offset; calls `delivered` for each update, in order, once its offset is committed. */
  deliver(updates: TgUpdate[], delivered: (update: TgUpdate) => void): Promise<void>;
  /** First retry delay after a failure; doubles up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

export class TelegramPoller {
  #options: PollerOptions;
  #abort = new AbortController();
  #loop: Promise<void> | undefined;
  #offset = 0;

  constructor(options: PollerOptions) {
    this.#options = options;
  }

  /** Resolves once the stored offset is loaded and the loop runs. */
  async start(): Promise<void> {
    const { ctx } = this.#options;
    this.#offset = (await ctx.state.get<number>(OFFSET_KEY)) ?? 0;
    if (ctx.signal.aborted) this.#abort.abort();
    else ctx.signal.addEventListener('abort', () => this.#abort.abort(), { once: true, signal: this.#abort.signal });
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#loop;
    this.#options.ctx.health({ state: 'stopped' });
  }

  async #run(): Promise<void> {
    const { api, ctx, timeoutSec, deliver } = this.#options;
    const signal = this.#abort.signal;
    const firstBackoff = this.#options.backoffMs ?? 1000;
    let backoff = firstBackoff;
    while (!signal.aborted) {
      try {
        const updates = await api.call<TgUpdate[]>('getUpdates', { offset: this.#offset, limit: 100, timeout: timeoutSec, allowed_updates: ALLOWED_UPDATES }, signal);
        ctx.health({ state: 'connected', lastSyncAt: ctx.now().toISOString(), lastError: undefined });
        if (signal.aborted) return;
        if (updates.length)
          await deliver(updates, (update) => {
            // Only now is the update stored with its checkpoint: safe to move on.
            this.#offset = update.update_id + 1;
            ctx.health({ lastEventAt: ctx.now().toISOString() });
          });
        backoff = firstBackoff;
      } catch (error) {
        if (signal.aborted) return;
        ctx.log.warn({ err: error, offset: this.#offset }, 'telegram polling failed; retrying');
        ctx.health({ state: 'error', lastError: (error as Error).message });
        await sleep(backoff, signal);
        backoff = Math.min(backoff * 2, this.#options.maxBackoffMs ?? 60_000);
      }
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
