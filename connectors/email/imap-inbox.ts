// The supervised inbound loop: one IMAP connection, IDLE or polling, reconnect with backoff, pages committed with their checkpoint.
import type { ImapFlow } from 'imapflow';
import type { ChannelContext, InboundMessage } from '../channel.ts';
import { backoffDelay, DEFAULT_BACKOFF, sleep, Waker, type BackoffPolicy } from './backoff.ts';
import type { ImapConfig } from './config.ts';
import { createImapClient, describeImapError } from './imap-client.ts';
import { deliverPage } from '../deliver-page.ts';
import { syncMailbox, type FetchedMessage, type MailboxCursor } from './imap-sync.ts';
import { DEFAULT_POISON_ATTEMPTS, loadSkipped, PoisonGuard, type SkippedMessage } from './poison-guard.ts';

export interface ImapInboxOptions {
  config: ImapConfig;
  ctx: Pick<ChannelContext, 'sink' | 'state' | 'health' | 'log' | 'signal' | 'now'>;
  parse(message: FetchedMessage): Promise<InboundMessage>;
  /** What is tried once the ingest refused a message `poisonAttempts` times; see PoisonGuard. */
  simplify(message: FetchedMessage, error: string): InboundMessage;
  poisonAttempts?: number;
  /** Larger messages are fetched only up to this size (their attachments refused); see DEFAULT_MAX_MESSAGE_BYTES. */
  maxMessageBytes: number;
  backoff?: BackoffPolicy;
  /** With IDLE, a full check this often anyway, in case a server signal was missed. */
  idleResyncMs?: number;
}

const DEFAULT_POLL_MS = 60_000;
// Under imapflow's 5-minute socket timeout, so a quiet server that sends no IDLE keep-alives does not drop us.
const DEFAULT_IDLE_RESYNC_MS = 4 * 60_000;
const STOP_GRACE_MS = 2_000;
/** Skipped messages named in health details; the count covers all of them. */
const SKIPPED_SHOWN = 5;

export function checkpointKey(mailbox: string): string {
  return `imap:${mailbox}`;
}

export class ImapInbox {
  #options: ImapInboxOptions;
  #cursor: MailboxCursor | undefined;
  #client: ImapFlow | undefined;
  #waker = new Waker();
  #stop = new AbortController();
  #loop: Promise<void> | undefined;
  #guard: PoisonGuard;
  #skipped: SkippedMessage[] = [];

  constructor(options: ImapInboxOptions) {
    this.#options = options;
    this.#guard = new PoisonGuard({
      ctx: options.ctx,
      checkpointKey: checkpointKey(options.config.mailbox),
      parse: options.parse,
      simplify: options.simplify,
      attempts: options.poisonAttempts ?? DEFAULT_POISON_ATTEMPTS,
    });
  }

  get #stopped(): boolean {
    return this.#stop.signal.aborted || this.#options.ctx.signal.aborted;
  }

  /** Resolves once the loop is launched; connection trouble is reported through health, not thrown. */
  async start(): Promise<void> {
    if (this.#loop) return;
    const { ctx, config } = this.#options;
    if (ctx.signal.aborted) return;
    // A stopped inbox can be started again: fresh stop switch, fresh latch, cursor re-read from committed state.
    this.#stop = new AbortController();
    this.#waker = new Waker();
    this.#cursor = await ctx.state.get<MailboxCursor>(checkpointKey(config.mailbox));
    this.#skipped = await loadSkipped(ctx.state);
    ctx.signal.addEventListener('abort', () => void this.stop(), { once: true, signal: this.#stop.signal });
    ctx.health({ state: 'starting', details: this.#details() });
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#stop.abort();
    this.#waker.wake();
    // A waiting loop logs out by itself; one stuck in connect or a long fetch is closed after a grace period.
    const grace = new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref?.());
    await Promise.race([this.#loop, grace]);
    this.#client?.close();
    await this.#loop;
    this.#loop = undefined;
    this.#client = undefined;
    this.#options.ctx.health({ state: 'stopped', details: this.#details() });
  }

  #details() {
    // After a UIDVALIDITY change the old skips were read again under new UIDs; only this generation's count.
    const skipped = this.#skipped.filter((s) => s.uidValidity === this.#cursor?.uidValidity);
    return {
      uidValidity: this.#cursor?.uidValidity,
      lastUid: this.#cursor?.lastUid ?? 0,
      ...(skipped.length ? { skipped: { count: skipped.length, latest: skipped.slice(-SKIPPED_SHOWN).map(({ error: _, ...s }) => s) } } : {}),
    };
  }

  #reportSkipped(skipped: SkippedMessage, idle: boolean) {
    this.#skipped.push(skipped);
    const what = `UID ${skipped.uid}${skipped.subject ? ` "${skipped.subject}"` : ''}${skipped.from ? ` from ${skipped.from}` : ''}`;
    this.#options.ctx.health({
      state: 'connected',
      lastError: `Message ${what} could not be imported and was skipped; it is still in the mailbox (${skipped.error})`,
      details: { ...this.#details(), idle },
    });
  }

  async #run(): Promise<void> {
    const { ctx } = this.#options;
    // Reset by progress, not by a connect: a message that fails on every pass (the file store is away) backs off too.
    let attempt = 0;
    while (!this.#stopped) {
      try {
        await this.#session(() => {
          attempt = 0;
        });
      } catch (error) {
        if (this.#stopped) break;
        attempt++;
        const message = describeImapError(error);
        ctx.log.warn({ err: error, attempt }, 'email: IMAP session failed, reconnecting');
        ctx.health({ state: 'disconnected', lastError: message, details: this.#details() });
        await sleep(backoffDelay(attempt, this.#options.backoff ?? DEFAULT_BACKOFF), this.#stop.signal);
      }
    }
  }

  /** One connection's life: connect, open, then sync/wait until it drops or we stop. Instances are never reused. */
  async #session(onProgress: () => void): Promise<void> {
    const { ctx, config } = this.#options;
    const client = createImapClient(config);
    this.#client = client;
    client.on('error', (error: Error) => ctx.log.warn({ err: error }, 'email: IMAP connection error'));
    // `exists` is only a hint that something arrived; the UID fetch decides what is new.
    client.on('exists', () => this.#waker.wake());
    client.on('close', () => this.#waker.wake());
    try {
      await client.connect();
      await client.mailboxOpen(config.mailbox);
      const canIdle = client.capabilities.has('IDLE');
      ctx.health({ state: 'connected', details: { ...this.#details(), idle: canIdle } });
      while (!this.#stopped && client.usable) {
        this.#cursor = await syncMailbox(
          client,
          this.#cursor,
          (page) =>
            deliverPage(ctx.sink, page, {
              prepare: async (fetched) => ({ message: await this.#options.parse(fetched), checkpoint: { key: checkpointKey(config.mailbox), value: fetched.cursor } }),
              alone: async (fetched) => {
                const skipped = await this.#guard.deliver(fetched, fetched.cursor);
                if (skipped) this.#reportSkipped(skipped, canIdle);
              },
              delivered: (fetched) => {
                this.#cursor = fetched.cursor;
                onProgress();
              },
            }),
          {
            stopped: () => this.#stopped,
            maxMessageBytes: this.#options.maxMessageBytes,
            onResync: (from, to) => ctx.log.warn({ from, to }, 'email: UIDVALIDITY changed, resyncing mailbox'),
            importSince: importSince(config.importDays, ctx.now()),
            saveStart: (cursor) => ctx.sink.saveCheckpoint({ key: checkpointKey(config.mailbox), value: cursor }),
          },
        );
        onProgress();
        ctx.health({ state: 'connected', lastSyncAt: ctx.now().toISOString(), details: { ...this.#details(), idle: canIdle } });
        if (this.#stopped || !client.usable) break;
        if (canIdle) client.idle().catch(() => undefined);
        await this.#waker.wait(canIdle ? (this.#options.idleResyncMs ?? DEFAULT_IDLE_RESYNC_MS) : (config.pollIntervalMs ?? DEFAULT_POLL_MS));
      }
      if (!this.#stopped) throw new Error('IMAP connection closed');
    } finally {
      if (this.#stopped && client.usable) await client.logout().catch(() => undefined);
      else client.close();
      client.removeAllListeners();
      // A late socket error after close must not become an unhandled 'error' event.
      client.on('error', () => undefined);
    }
  }
}

function importSince(days: number | undefined, now: Date): Date | 'now' | undefined {
  if (days === undefined) return undefined;
  return days === 0 ? 'now' : new Date(now.getTime() - days * 86_400_000);
}
