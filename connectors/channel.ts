// The one contract every connector implements, and the shapes it sends out (inbound-sink.ts: the shapes it hands in).
//
// How to implement a connector (one folder under connectors/, index.ts its only public face):
//  1. Export a `ChannelDriver`: its `kind`, a zod `configSchema`, the names of `secretFields`
//     (stored encrypted, never returned in full), and `create(ctx)` returning a `Channel`.
//  2. A `Channel` does protocol only. Inbound traffic is verified and normalized into
//     `InboundMessage`s and handed to `ctx.sink.receive(...)`; it never touches the database.
//     Pass a `checkpoint` with the message so the cursor (IMAP UID, Telegram offset) is
//     committed in the same transaction as the message, and advance your in-memory cursor
//     only after `receive` resolves. A pulling connector with many messages at hand (a backlog, a
//     page of updates) hands them over with `receivePage` (see deliver-page.ts): one commit for the page.
//  3. `send(msg)` turns an `OutboundMessage` into one provider call and returns the provider id.
//     Use `msg.id` as the provider-side idempotency key / message id where the protocol allows.
//     Map every provider failure with a pure function to a `ChannelError` with one of our
//     `ChannelErrorCode`s; the outbound worker retries only the retryable ones.
//  4. Webhook-driven channels implement `handleWebhook`: verify the signature first (bad →
//     `webhookError(401 or 403, …)`, nothing received), then `await` the sink, then answer 2xx.
//  5. Report health through `ctx.health(...)`; honour `ctx.signal` in long-running loops.
//  6. Pass the shared contract suite (`channel.case.test.ts`) plus your own protocol tests.
import type { z } from 'zod';

import type { ChannelKind, IdentityKind } from './channel-kinds.ts';
export type { ChannelKind, IdentityKind } from './channel-kinds.ts';
import type { Checkpoint, InboundAttachment, InboundSink, InboundSpool } from './inbound-sink.ts';
export type { InboundAttachment, InboundMessage, IngestResult, DeliveryStatus, DeliveryUpdate, PageItem, PageReceipt, InboundSink, Checkpoint, InboundSpool } from './inbound-sink.ts';
export { committedPrefix } from './inbound-sink.ts';

export interface Identity {
  kind: IdentityKind;
  value: string;
  /** Mutable facts about the identity (a Telegram username, a WhatsApp LID, a display name). */
  attributes?: Record<string, unknown>;
}

/** Durable per-channel key/value state: cursors, WhatsApp auth keys. */
export interface ChannelStateStore {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  /** Every key starting with `prefix`. */
  list<T = unknown>(prefix: string): Promise<Array<{ key: string; value: T }>>;
}

export interface ChannelHealth {
  state: 'stopped' | 'starting' | 'connected' | 'pairing' | 'disconnected' | 'error';
  lastEventAt?: string;
  lastSyncAt?: string;
  lastError?: string;
  /** Channel-specific details (the WhatsApp QR, IMAP UIDVALIDITY). */
  details?: Record<string, unknown>;
  /** The process running the channel (`host#pid`), written by the server when it takes the channel and cleared when it lets go. */
  worker?: string | null;
}

export interface OutboundAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
  /** A signed, expiring public download link, for providers that fetch media themselves (Twilio MMS).
   *  Absent when ULAK_PUBLIC_URL is not configured: the outside world cannot reach us then. */
  url?: string;
}

export interface OutboundMessage {
  /** Our message id: stable across retries, used as the provider-side idempotency key. */
  id: string;
  to: Identity & { name?: string };
  text: string;
  html?: string;
  subject?: string;
  threading?: {
    /** Our RFC 822 Message-ID for this reply (email), fixed before the first attempt. */
    messageId?: string;
    inReplyTo?: string;
    references?: string[];
    /** Provider id of the customer message being answered (WhatsApp/Telegram quote). */
    replyToExternalId?: string;
    conversationToken?: string;
  };
  attachments?: OutboundAttachment[];
  /** Extra protocol headers (email: `List-Unsubscribe`, `List-Unsubscribe-Post`); channels without headers ignore them. */
  headers?: Record<string, string>;
  /** Appended after the body (email: the unsubscribe / preferences link in the contact's language). */
  footer?: { text: string; html?: string };
  /** Set for campaign and other marketing sends: a channel paced by rate lets replies go first. */
  purpose?: 'marketing';
}

export interface SendResult {
  /** The provider's id, used to match delivery updates. */
  externalId: string;
  status: 'sent' | 'queued';
}

/** Our error vocabulary. Retries key off these, never off provider strings. */
export type ChannelErrorCode =
  | 'TEMPORARY'
  | 'RATE_LIMITED'
  | 'AUTH'
  | 'INVALID_RECIPIENT'
  | 'OPTED_OUT'
  | 'BLOCKED'
  | 'REJECTED'
  | 'CONFIG'
  /** The message cannot be sent on this channel as it is (a file over the channel's size limit). */
  | 'INVALID';

export const RETRYABLE_CODES: ReadonlySet<ChannelErrorCode> = new Set(['TEMPORARY', 'RATE_LIMITED']);

export class ChannelError extends Error {
  constructor(
    readonly code: ChannelErrorCode,
    message: string,
    readonly options: { retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'ChannelError';
  }

  get retryable(): boolean {
    return RETRYABLE_CODES.has(this.code);
  }
}

export interface WebhookRequest {
  method: string;
  /** The URL as the outside world called it (ULAK_PUBLIC_URL + path + query), for signatures. */
  publicUrl: string;
  /** Sub-path after `/webhooks/<kind>/<channelId>`, e.g. `/sms` or `/status`. */
  subPath: string;
  headers: Headers;
  rawBody: string;
}

export interface WebhookResponse {
  status: number;
  body?: string;
  contentType?: string;
}

/**
 * A refused webhook in the API's one error shape, `{ error: { code, message } }`, so providers' logs say why;
 * `fields`, for `validation_failed`, gives each bad field as the API's own 422s do (`{ path, code, … }`).
 */
export function webhookError(status: number, code: string, message: string, fields?: readonly object[]): WebhookResponse {
  return { status, body: JSON.stringify({ error: { code, message, ...(fields?.length && { fields }) } }), contentType: 'application/json' };
}

export interface TestReport {
  ok: boolean;
  checks: Array<{ name: string; ok: boolean; message?: string }>;
}

export interface ChannelRecord {
  id: string;
  kind: ChannelKind;
  name: string;
  config: Record<string, unknown>;
}

export interface ChannelContext<Config = Record<string, unknown>> {
  channel: ChannelRecord;
  /** Parsed config with secrets decrypted and merged in. */
  config: Config;
  /** ULAK_PUBLIC_URL, for webhook registration and signature checks. */
  publicUrl: string;
  sink: InboundSink;
  state: ChannelStateStore;
  health(update: Partial<ChannelHealth>): void;
  log: { info(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void; error(obj: unknown, msg?: string): void };
  /** Aborted when the channel is deactivated or the process stops. */
  signal: AbortSignal;
  /** Injected clock (tests move it). */
  now(): Date;
  /**
   * The only way to call an address a user typed (the API channel's webhook). The server applies its egress
   * policy: private, loopback, link-local and metadata destinations are refused unless the admin allowed them, the
   * checked address is the one connected to, and redirects are not followed. It rejects with an error whose
   * `message` is safe to show (it never tells an open port from a closed one) and whose `final` is true when
   * retrying cannot help.
   */
  webhookFetch(url: string, init: RequestInit): Promise<Response>;
  /** Where messages the provider will not send again wait on disk while their commit keeps failing (absent in some tests). */
  spool?: InboundSpool;
}

export interface Channel {
  /** Start pulling (IMAP IDLE, long polling, a WhatsApp socket). Resolves once started. */
  start?(): Promise<void>;
  stop?(): Promise<void>;
  send(message: OutboundMessage): Promise<SendResult>;
  handleWebhook?(request: WebhookRequest): Promise<WebhookResponse>;
  /** Provider-side activation (Telegram setWebhook). Called by POST /api/channels/:id/activate. */
  activate?(): Promise<void>;
  /** Check credentials and connectivity; report exactly what failed. */
  test?(): Promise<TestReport>;
  /** Unlink a session-holding channel (WhatsApp) and forget its session. Called when the channel is deleted. */
  logout?(): Promise<void>;
  /**
   * Downloads again a file an inbound message named in `fetchAgain`. Returns it, or refused when it can never be had
   * (gone, over the size limit); throws a retryable ChannelError when the failure may pass.
   */
  fetchAttachment?(source: string, facts: { filename: string; contentType: string }): Promise<InboundAttachment>;
}

/** What is known of a file before its bytes are loaded. */
export interface AttachmentFacts {
  filename: string;
  size: number;
}

export interface ChannelDriver<Config = any> {
  kind: ChannelKind;
  configSchema: z.ZodType<Config>;
  /** Top-level config keys (dot paths allowed, e.g. `imap.password`) stored encrypted and masked on read. */
  secretFields: string[];
  /** True when the channel runs a long-lived pull loop that needs a single holder (advisory lock). */
  pulls: boolean;
  /**
   * True when sending needs the live session that only the lock-holding process has (WhatsApp's socket):
   * the server then routes this channel's sends to that process.
   */
  sendsThroughSession?: boolean;
  /**
   * Throws a final INVALID ChannelError for files this channel can never send (too large, too many). Called when
   * a reply is created, so the agent hears it at once instead of from a failed send later.
   */
  checkAttachments?(files: AttachmentFacts[]): void;
  /** Addresses a user typed that this channel will call (`webhookFetch`), checked against the egress policy when saved. */
  webhookUrls?(config: Config): Array<{ field: string; url: string }>;
  create(ctx: ChannelContext<Config>): Channel;
}
