// The WhatsApp channel: a supervised Baileys socket, inbound upserts to the sink, paced sends, status receipts.
import type { BaileysEventMap, proto, WAMessage } from '@whiskeysockets/baileys';
import { ChannelError, type Channel, type ChannelContext, type DeliveryUpdate, type InboundAttachment, type OutboundMessage, type SendResult, type TestReport } from '../channel.ts';
import { CREDS_KEY } from './auth-state.ts';
import { baileysLogger } from './baileys-logger.ts';
import { BoundedCache } from './bounded-cache.ts';
import { ChatAddresses } from './chat-addresses.ts';
import { HistoryPages, type ReceivedMessage } from './history-pages.ts';
import { isTransientFailure } from '../is-transient-failure.ts';
import type { WhatsAppConfig } from './config.ts';
import { recipientJid } from './jids.ts';
import { toChannelError } from './map-error.ts';
import { deliveryStatus } from './map-status.ts';
import { whatsappDate } from './inbound-content.ts';
import { normalizeInbound } from './normalize-inbound.ts';
import { downloadMedia, messageOfSource } from './media-source.ts';
import { outboundParts } from './outbound-content.ts';
import { RecipientCheck } from './recipient-check.ts';
import { SendPacer, type PacerClock } from './send-pacer.ts';
import type { DownloadMedia, MakeSocket, WhatsAppSocket } from './socket.ts';
import { SocketSupervisor, type Schedule } from './socket-supervisor.ts';
import type { ResolveVersion } from './wa-version.ts';

export interface WhatsAppDeps {
  makeSocket: MakeSocket;
  downloadMedia: DownloadMedia;
  schedule: Schedule;
  backoff: (attempt: number) => number;
  pacerClock: PacerClock;
  resolveVersion: ResolveVersion;
}

export class WhatsAppChannel implements Channel {
  readonly supervisor: SocketSupervisor;
  readonly #pacer: SendPacer;
  readonly #recipients = new RecipientCheck();
  // These caches belong to the channel, not a socket, so they survive socket restarts.
  /** Baileys' per-message retry counters; one hour, as Baileys' own default. */
  readonly #retryCounters = new BoundedCache(5_000, { ttlMs: 3600_000 });
  /** Our recently sent messages: Baileys asks for them (getMessage) when a recipient's device requests a resend. */
  readonly #sent = new BoundedCache(2_000);
  /** Recently received message bodies, so a reply can quote the real text. */
  readonly #received = new BoundedCache(2_000);
  /** Which phone-number JID and LID are one user's, so a message's key does not depend on the address it came under. */
  readonly #addresses = new ChatAddresses();
  readonly #history: HistoryPages;
  #work: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: ChannelContext<WhatsAppConfig>,
    private readonly deps: WhatsAppDeps,
  ) {
    this.#pacer = new SendPacer(ctx.config.sendRatePerSecond, deps.pacerClock);
    this.supervisor = new SocketSupervisor({
      ctx,
      makeSocket: deps.makeSocket,
      schedule: deps.schedule,
      backoff: deps.backoff,
      resolveVersion: deps.resolveVersion,
      attach: (socket) => this.#attach(socket),
      socketConfig: {
        logger: baileysLogger(ctx.log),
        msgRetryCounterCache: this.#retryCounters,
        getMessage: async (key) => (key.id ? this.#sent.get<proto.IMessage>(key.id) : undefined),
        markOnlineOnConnect: false, // otherwise the owner's phone stops getting notifications
        syncFullHistory: false,
        // [os, browser, version]: the phone lists the device by the first; the second must be a
        // platform WhatsApp knows (it picks the platform type and the pairing-code companion).
        browser: [ctx.config.browserName ?? 'Ulak', 'Chrome', '1.0'],
      },
    });
    this.#history = new HistoryPages({
      ctx,
      schedule: deps.schedule,
      backoff: deps.backoff,
      enqueue: (task) => this.#enqueue(task),
      alone: (message) => this.#storeAlone(message),
    });
  }

  start() {
    return this.supervisor.start();
  }

  async stop() {
    await this.supervisor.stop();
    this.#history.stop();
    await this.idle();
  }

  /** Unlink the device and forget the session (the server calls this when the channel is deleted). */
  async logout() {
    await this.supervisor.logout();
    this.#history.stop();
    await this.idle();
  }

  /** Resolves once every event received so far has been handed to the sink; a history page waiting to be tried again does not hold it. */
  idle(): Promise<void> {
    return this.#work;
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    const jid = recipientJid(message.to);
    const parts = outboundParts(message);
    const quoted = this.#quoted(jid, message.threading?.replyToExternalId);
    for (const part of parts) {
      // Sent earlier by this process (the worker retried after a later part failed): never twice.
      if (this.#sent.get(part.messageId)) continue;
      const socket = this.supervisor.socket;
      if (!socket || !this.supervisor.connected) throw new ChannelError('TEMPORARY', 'WhatsApp is not connected');
      try {
        await this.#recipients.assert(socket, jid);
        await this.#pacer.wait(message.purpose === 'marketing' ? 'marketing' : 'service');
        const sent = await socket.sendMessage(jid, part.content, { messageId: part.messageId, ...(quoted ? { quoted } : {}) });
        this.#sent.set(part.messageId, sent?.message ?? {});
      } catch (error) {
        throw toChannelError(error);
      }
    }
    return { externalId: parts[0].messageId, status: 'sent' };
  }

  /** A file whose first download failed for a reason that may pass (see media-source.ts), fetched again. */
  async fetchAttachment(source: string, facts: { filename: string; contentType: string }): Promise<InboundAttachment> {
    const socket = this.supervisor.socket;
    if (!socket || !this.supervisor.connected) throw new ChannelError('TEMPORARY', 'WhatsApp is not connected');
    return downloadMedia(messageOfSource(source), facts, (message) => this.deps.downloadMedia(message, socket));
  }

  async test(): Promise<TestReport> {
    const registered = !!(await this.ctx.state.get<{ registered?: boolean }>(CREDS_KEY))?.registered;
    const checks = [
      { name: 'session', ok: registered, ...(registered ? {} : { message: 'not paired: scan the QR or enter the pairing code' }) },
      { name: 'connection', ok: this.supervisor.connected, ...(this.supervisor.connected ? {} : { message: 'socket is not open' }) },
    ];
    return { ok: checks.every((c) => c.ok), checks };
  }

  #quoted(jid: string, id: string | undefined): WAMessage | undefined {
    if (!id) return undefined;
    // Baileys copies the quoted body into the reply; an empty text still threads it on the phone.
    const message = this.#received.get<proto.IMessage>(id) ?? { conversation: '' };
    return { key: { remoteJid: jid, id, fromMe: false }, message };
  }

  #attach(socket: WhatsAppSocket) {
    // In rc14 `append` upserts are messages queued while we were offline (node.attrs.offline), still
    // unanswered customer messages; the real history import arrives as `messaging-history.set`.
    socket.ev.on('messages.upsert', ({ messages }) => this.#enqueue(() => this.#receive(socket, messages, false)));
    socket.ev.on('messaging-history.set', ({ messages, lidPnMappings }) =>
      this.#enqueue(() => {
        // A history sync sends its phone number ↔ LID pairs apart from its messages, which often name the LID alone.
        for (const { lid, pn } of lidPnMappings ?? []) this.#addresses.learn(lid, pn);
        return this.#receive(socket, messages, true);
      }),
    );
    socket.ev.on('messages.update', (updates) => this.#enqueue(() => this.#onUpdates(updates)));
  }

  /** One queue, so messages reach the sink in the order WhatsApp delivered them. */
  #enqueue(task: () => Promise<void>) {
    this.#work = this.#work.then(task).catch((error) => {
      this.ctx.log.error({ err: error }, 'whatsapp: handling an event failed');
      this.ctx.health({ lastError: `event handling failed: ${(error as Error).message}` });
    });
  }

  async #receive(socket: WhatsAppSocket, messages: WAMessage[], history: boolean) {
    const received: ReceivedMessage[] = [];
    for (const original of messages) {
      // One message failing must not drop the rest of a history batch.
      try {
        this.#addresses.learnFrom(original.key);
        const message = { ...original, key: await this.#addresses.complete(original.key, socket.signalRepository?.lidMapping) };
        const inbound = await normalizeInbound(message, {
          history,
          allowGroups: this.ctx.config.allowGroups,
          download: (m) => this.deps.downloadMedia(m, socket),
          now: () => this.ctx.now(),
        });
        if (!inbound) continue;
        if (message.key.id && message.message) this.#received.set(message.key.id, message.message);
        received.push({ id: message.key.id, inbound });
      } catch (error) {
        this.#notStored(original.key.id, error);
      }
    }
    // A history sync is a backlog: stored in one commit (a failing message alone); live messages share group commit.
    if (history && received.length) await this.#history.store(received);
    else for (const message of received) await this.#storeLive(message);
  }

  /**
   * A live message, which WhatsApp does not send again either: a commit failure that may pass (the database away)
   * hands it to the history pages' retries, as a page of one, so it is stored when the database is back.
   */
  #storeLive(message: ReceivedMessage): Promise<void> {
    return this.ctx.sink.receive(message.inbound).then(
      () => this.ctx.health({ lastEventAt: this.ctx.now().toISOString() }),
      (error: unknown) => (isTransientFailure(error) ? this.#history.store([message]) : this.#notStored(message.id, error)),
    );
  }

  /** False when it failed for a reason that may pass (the database away). */
  #storeAlone({ id, inbound }: ReceivedMessage): Promise<boolean> {
    return this.ctx.sink.receive(inbound).then(
      () => {
        this.ctx.health({ lastEventAt: this.ctx.now().toISOString() });
        return true;
      },
      (error: unknown) => {
        this.#notStored(id, error);
        return !isTransientFailure(error);
      },
    );
  }

  #notStored(id: string | null | undefined, error: unknown) {
    this.ctx.log.error({ err: error, id }, 'whatsapp: storing an inbound message failed');
    this.ctx.health({ lastError: `inbound message ${id} not stored: ${(error as Error).message}` });
  }

  async #onUpdates(updates: BaileysEventMap['messages.update']) {
    // WhatsApp sends each ack once: those the database cannot take now go to the spool, and one refused for good
    // does not drop the acks after it.
    const waiting: DeliveryUpdate[] = [];
    for (const { key, update } of updates) {
      const status = deliveryStatus(update.status);
      if (!key.fromMe || !key.id || !status) continue;
      // The server's ack carries its error code (e.g. 463, 479) in the first stub parameter.
      const reason = update.messageStubParameters?.filter(Boolean).join(': ');
      const receipt: DeliveryUpdate = {
        externalId: key.id,
        status,
        at: whatsappDate(update.messageTimestamp, this.ctx.now),
        ...(status === 'failed' ? { error: { code: 'REJECTED' as const, message: `WhatsApp rejected the message${reason ? ` (${reason})` : ''}` } } : {}),
      };
      await this.ctx.sink.updateStatus(receipt).catch((error: unknown) => {
        if (isTransientFailure(error) && this.ctx.spool) waiting.push(receipt);
        else this.ctx.log.error({ err: error, id: key.id, status }, 'whatsapp: a delivery receipt was not applied');
      });
    }
    if (waiting.length) await this.ctx.spool!.keepReceipts(waiting);
  }
}
