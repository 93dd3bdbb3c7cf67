// What a connector hands the server: normalized inbound messages, delivery receipts and pulled pages, the sink that
// takes them (implemented by the ingest service), and the spool that keeps what the sink cannot take yet. Connectors
// import these through channel.ts, the contract's one public face.
import type { ChannelErrorCode, Identity } from './channel.ts';

export interface InboundAttachment {
  filename: string;
  contentType: string;
  size: number;
  /** The bytes; absent when the connector refused the file (see `refused`). */
  content?: Uint8Array;
  contentId?: string;
  inline?: boolean;
  /** Set when the attachment was not kept (over the size limit, download failed): recorded, not stored. */
  refused?: { reason: string };
  /**
   * Set when the download failed for a reason that may pass (the provider answered 5xx or not at all) and the file can
   * be fetched again from `source`: the message is stored now, the file waits, and the server asks the channel's
   * `fetchAttachment(source, …)` again later, backing off, until it gets the file or a final refusal, or a day passes.
   */
  fetchAgain?: { source: string; reason: string };
}

export interface InboundMessage {
  /** The channel's own unique id for this message; the unique constraint that makes redelivery a no-op. */
  idempotencyKey: string;
  /**
   * Other keys the same provider message may have been stored under, checked as duplicates too: WhatsApp addresses one
   * chat by phone number or by LID, and a message seen under one may come again (a history sync) under the other.
   */
  idempotencyAliases?: string[];
  /** Provider message id (Twilio MessageSid, Telegram message_id, WhatsApp key id, RFC 822 Message-ID). */
  externalId?: string;
  from: {
    /** Every identity the sender is known by on this message; the first is the primary one. */
    identities: Identity[];
    name?: string;
    /** BCP 47 language tag when the channel tells (Telegram `language_code`). */
    language?: string;
  };
  text: string;
  /** Raw HTML as received; the ingest service sanitizes it before anything stores or shows it. */
  html?: string;
  subject?: string;
  sentAt: Date;
  threading?: {
    /** RFC 822 Message-ID of this message (email). */
    messageId?: string;
    inReplyTo?: string;
    references?: string[];
    /** Conversation token carried by a plus address (`support+<token>@…`). */
    conversationToken?: string;
    /** Provider id of the message this one quotes/replies to (WhatsApp, Telegram). */
    quotedExternalId?: string;
  };
  attachments?: InboundAttachment[];
  /** RFC 3834 auto-replies, out-of-office: stored, flagged, never trigger automation or reopen. */
  autoReply?: boolean;
  /**
   * A delivery-status report: `recipient` is marked undeliverable, and the message it returns (by
   * `originalMessageId`, else the latest sent to `recipient`) becomes failed, so a campaign counts it as bounced.
   */
  bounce?: { recipient?: string; reason?: string; originalMessageId?: string };
  /** History import (WhatsApp `append`): stored, but no automation and no unread. */
  history?: boolean;
  /** Consent change carried by the message (SMS STOP/START, Telegram /stop, /start). */
  consent?: 'opted_in' | 'opted_out';
  /** An edit of an earlier message (`of` = its idempotency key, `aliases` its other keys) or a reaction to one. */
  edit?: { of: string; aliases?: string[] };
  reaction?: { to: string; aliases?: string[]; emoji: string };
  /** The raw source (MIME for email) kept for export. */
  raw?: string;
  metadata?: Record<string, unknown>;
}

export interface IngestResult {
  messageId: string;
  conversationId: string;
  contactId: string;
  /** False when the idempotency key was already stored: nothing changed. */
  created: boolean;
}

export type DeliveryStatus = 'queued' | 'sent' | 'delivered' | 'read' | 'failed';

export interface DeliveryUpdate {
  /** The provider id returned by `send` (or our own id where the provider echoes it). */
  externalId: string;
  status: Exclude<DeliveryStatus, 'queued'>;
  error?: { code: ChannelErrorCode; message: string };
  at?: Date;
}

/** One entry of a pulled page: a message (or none, when the update carried nothing to store) and the cursor after it. */
export interface PageItem {
  message?: InboundMessage;
  /** None when the source keeps no cursor (a WhatsApp history sync). */
  checkpoint?: Checkpoint;
}

/** What became of a page: every message that could be stored is, in one commit with the checkpoint it reached. */
export interface PageReceipt {
  /**
   * How many items from the start of the page are committed, the checkpoint of the last of them with them. Items after
   * the first refused one may be stored too, but the cursor stops before the refused one: it is the connector's to
   * retry alone (`receive`), as any single message is, and the rest of the page is then handed over again.
   */
  committed: number;
  /** Per item, in page order: what was stored (nothing for an item without a message), or why it was refused. */
  outcomes: Array<{ result?: IngestResult; error?: unknown }>;
}

/** The prefix of a page the cursor may move past: the items before the first refused one. */
export function committedPrefix(outcomes: PageReceipt['outcomes']): number {
  const refused = outcomes.findIndex((o) => 'error' in o);
  return refused === -1 ? outcomes.length : refused;
}

/** Where a connector hands what it received. Implemented by the ingest service. */
export interface InboundSink {
  receive(message: InboundMessage, options?: { checkpoint?: Checkpoint }): Promise<IngestResult>;
  /** A page of pulled messages stored in one transaction with the checkpoint; see PageReceipt. */
  receivePage(items: PageItem[]): Promise<PageReceipt>;
  updateStatus(update: DeliveryUpdate): Promise<void>;
  /** Consent or identity facts without a message (e.g. a Telegram /stop with no text to store). */
  saveCheckpoint(checkpoint: Checkpoint): Promise<void>;
}

export interface Checkpoint {
  key: string;
  value: unknown;
}

/**
 * Messages kept in a file on this machine (written whole and flushed) for a provider that sends them only once. A
 * connector that tries again itself keeps them until `release`; if its process stops first, the server stores them
 * later. With `handOver` nobody here tries again: the server's next pass stores them (a webhook answered while the
 * database is away). Delivery receipts are only ever handed over: the pass applies them.
 */
export interface InboundSpool {
  keep(messages: InboundMessage[], options?: { handOver?: boolean }): Promise<string>;
  release(id: string): Promise<void>;
  keepReceipts(updates: DeliveryUpdate[]): Promise<void>;
}
