// The inbound path: dedupe, resolve the contact, thread, store, update facts, record events — in a transaction of the
// message's own, or in one shared with concurrent messages (group-commit.ts).
import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Checkpoint, Identity, InboundMessage, IngestResult } from '../../connectors/channel.ts';
import { rowsOf, withPreparedStatements, type Database, type Tx } from '../db/client.ts';
import { sqlArray } from '../db/sql-array.ts';
import { insertRows } from '../db/insert-rows.ts';
import { channelState, contactIdentities, conversations, messages } from '../db/schema/index.ts';
import { consentKeyword, recordConsent } from '../consent/index.ts';
import { isConsentScope } from '../../workflows/guards/consent.ts';
import { messageSearchText } from '../lib/fold-text.ts';
import { normalizeIdentities } from '../lib/normalize-identity.ts';
import { sanitizeHtml } from '../lib/sanitize-html.ts';
import { stripNul } from '../lib/strip-nul.ts';
import { cutText } from '../lib/cut-text.ts';
import { CONTACT_NAME_MAX } from '../contacts/contact-input.ts';
import { contactCreated } from '../contacts/contact-created.ts';
import { isStorableDate } from '../lib/validators.ts';
import type { FileStorage } from '../files/file-storage.ts';
import { StagedFileGone } from '../files/staged-files.ts';
import { stageAttachments, storeAttachments, type AttachmentFate } from './inbound-attachments.ts';
import { findThread, type OpenConversation } from './find-thread.ts';
import { findIdentities, lockIdentities, resolveContact, type FoundIdentity } from './resolve-contact.ts';
import { detectLanguage } from './detect-language.ts';
import { recordEvent, recordEvents, transact } from '../events/record-event.ts';
import { applyEditOrReaction } from './apply-edit-or-reaction.ts';
import { keysOf, storedCopy } from './message-keys.ts';
import { failBouncedMessage } from '../outbound/fail-bounced-message.ts';
import { writeClosing, type ClosingWrite, type DeferredWrites } from './closing-writes.ts';
import { IngestError } from './ingest-error.ts';

export { IngestError };

export interface IngestDeps {
  database: Database;
  storage: FileStorage;
  defaultRegion(): string;
  maxAttachmentBytes: number;
  now(): Date;
  /** Coalesces concurrent ingests into one commit (group-commit.ts); without it each message commits alone. */
  groupCommit?: { submit(channel: IngestChannel, prepared: PreparedInbound): Promise<IngestResult>; drain(): Promise<void> };
}

export interface IngestChannel {
  id: string;
  kind: string;
}

const PREVIEW_LENGTH = 160;

export interface ReadAhead {
  stored: Map<string, IngestResult>;
  found: FoundIdentity[];
  /** The latest unresolved conversation of every contact in `found` that has one. */
  open: Map<string, OpenConversation>;
  /** A new sender whose contact and first conversation the batch created (new-senders.ts). */
  created?: { contactId: string; conversationId: string };
}

/** A message checked and normalized outside any transaction: what the transaction needs to store it. */
export interface PreparedInbound {
  message: InboundMessage;
  identities: Identity[];
  /** What becomes of each attachment, in order, decided by `stageAttachments` before the message's transaction. */
  files?: AttachmentFate[];
}

export async function ingestMessage(deps: IngestDeps, channel: IngestChannel, message: InboundMessage, options: { checkpoint?: Checkpoint } = {}): Promise<IngestResult> {
  const prepared = prepareInbound(deps, message);
  if (prepared.message.attachments?.length) {
    // A provider's retry of a message stored already is answered without writing its files to storage again.
    if (!options.checkpoint) {
      const stored = storedCopy(await findStored(deps.database.db, channel.id, keysOf(prepared.message)), prepared.message);
      if (stored) return stored;
    }
    prepared.files = await stageAttachments(deps, prepared.message);
  }
  // A pulled message carries its cursor and its connector waits for each one: it has nothing to share a commit with.
  const store = () => (deps.groupCommit && !options.checkpoint ? deps.groupCommit.submit(channel, prepared) : ingestAlone(deps, channel, prepared, options));
  try {
    return await store();
  } catch (error) {
    // Its transaction came so late (over an hour) that its files were swept as nobody's: they are written again.
    if (!(error instanceof StagedFileGone)) throw error;
    prepared.files = await stageAttachments(deps, prepared.message);
    return store();
  }
}

export function prepareInbound(deps: Pick<IngestDeps, 'defaultRegion' | 'now'>, message: InboundMessage): PreparedInbound {
  message = stripNul(message);
  // A sender's clock (an email Date header) can say year 0: store the message at our time rather than refuse it on every retry.
  if (!isStorableDate(message.sentAt)) message = { ...message, sentAt: deps.now() };
  // A display name is the sender's to choose, and an email's can run to megabytes: kept as long as an agent may type one.
  if (message.from.name && message.from.name.length > CONTACT_NAME_MAX) message = { ...message, from: { ...message.from, name: cutText(message.from.name, CONTACT_NAME_MAX) } };
  const identities = normalizeIdentities(message.from.identities, deps.defaultRegion());
  if (identities.length === 0) throw new IngestError('invalid_sender', 'the sender has no usable identity');
  if (!message.idempotencyKey) throw new IngestError('invalid_message', 'the message has no idempotency key');
  return { message, identities };
}

/** One message in a transaction and a commit of its own (with the connector's checkpoint, when it passes one). */
export function ingestAlone(deps: IngestDeps, channel: IngestChannel, prepared: PreparedInbound, options: { checkpoint?: Checkpoint } = {}): Promise<IngestResult> {
  return withPreparedStatements(() =>
    transact(deps.database, async (tx) => {
      await lockIdentities(tx, prepared.identities);
      if (options.checkpoint) await saveCheckpoint(tx, channel.id, options.checkpoint);
      return ingestInTransaction(deps, tx, channel, prepared);
    }),
  );
}

/**
 * Dedupe, resolve the contact, thread, store, update facts, record events — inside the caller's transaction, which
 * already holds the sender's identity locks (`lockIdentities`). With `deferred` (a group-commit batch), a plain
 * message's closing writes are held back and written with the batch's others; anything else flushes them first.
 */
export async function ingestInTransaction(
  deps: IngestDeps,
  tx: Tx,
  channel: IngestChannel,
  { message, identities, files }: PreparedInbound,
  deferred?: DeferredWrites,
  /** What a batch read for this message beforehand, under its locks: the duplicate, if any, and the sender's contacts. */
  readAhead?: ReadAhead,
): Promise<IngestResult> {
  const held = deferred?.held(channel.id, message.idempotencyKey);
  if (held) return held;
  const plain = isPlain(message);
  if (deferred && !plain) await deferred.flush(tx);
  // The duplicate check and the sender's contacts, read together (one round trip), unless the batch read them.
  const [stored, found] = readAhead ? [readAhead.stored, readAhead.found] : await Promise.all([findStored(tx, channel.id, keysOf(message)), findIdentities(tx, identities)]);
  const existing = storedCopy(stored, message);
  if (existing) return existing;

  if (message.edit || message.reaction) {
    const applied = await applyEditOrReaction(tx, channel.id, message);
    if (applied) return applied;
  }

  const now = deps.now();
  const quiet = isQuiet(message);
  // A batch may have created a new sender's contact and first conversation already, with its other new senders'.
  const created = readAhead?.created;
  const { contactId, created: newContact } = created
    ? { contactId: created.contactId, created: true }
    : await resolveContact(tx, identities, { name: message.from.name, language: message.from.language, guessLanguage: () => languageOf(message), seenAt: message.sentAt }, found);

  if (message.bounce?.recipient) await markUndeliverable(tx, message.bounce.recipient, message.bounce.reason);
  if (message.bounce) await failBouncedMessage(tx, channel.id, message.bounce, now);
  // STOP, DUR, İPTAL… are read here for every channel; a connector may already know (Telegram's /stop command).
  const consent = message.consent ?? (quiet || message.edit || message.reaction ? undefined : consentKeyword(ownWords(message), channel.kind));
  if (consent && isConsentScope(channel.kind)) {
    await recordConsent(tx, { contactId, channel: channel.kind, status: consent, source: `keyword:${channel.kind}`, at: message.sentAt });
  }

  const preview = previewOf(message);
  const thread = created ? undefined : await findThread(tx, { contactId, channelId: channel.id, channelKind: channel.kind, message, newContact, open: readAhead?.open });
  let conversationId: string;
  let conversationCreated = false;
  if (created) {
    conversationId = created.conversationId;
    conversationCreated = true;
  } else if (thread) {
    conversationId = thread.conversationId;
    // A customer writing reopens; an auto-reply, bounce or history import never does.
    if (thread.status !== 'open' && !quiet) {
      await tx.update(conversations).set({ status: 'open', snoozedUntil: null, resolvedAt: null, resolvedById: null, updatedAt: now }).where(eq(conversations.id, conversationId));
      await recordEvent(tx, { type: 'conversation.reopened', contactId, conversationId, payload: { from: thread.status } });
    }
  } else {
    // A new conversation is inserted with its final facts: no second statement for it.
    conversationId = randomUUID();
    await tx.execute(insertRows(conversations, [newConversationRow(conversationId, contactId, channel.id, message, now)]));
    conversationCreated = true;
  }

  // The message's id is chosen here, so the closing writes need not wait for its row: they are set-based statements
  // sent together (closing-writes.ts), for this message alone or with its batch's others. A throw rolls all back.
  const messageId = randomUUID();
  const received = {
    type: 'message.received' as const,
    contactId,
    conversationId,
    messageId,
    payload: { channelId: channel.id, channelKind: channel.kind, autoReply: Boolean(message.autoReply || message.bounce), history: Boolean(message.history), consent: consent ?? null },
  };
  const closing: ClosingWrite = {
    row: {
      id: messageId,
      conversationId,
      contactId,
      channelId: channel.id,
      direction: 'in',
      senderType: 'contact',
      text: message.text,
      html: message.html ? sanitizeHtml(message.html) : null,
      subject: message.subject ?? null,
      status: 'received',
      idempotencyKey: message.idempotencyKey,
      externalId: message.externalId ?? null,
      emailMessageId: message.threading?.messageId ?? null,
      inReplyTo: message.threading?.inReplyTo ?? null,
      references: message.threading?.references ?? null,
      autoReply: Boolean(message.autoReply || message.bounce),
      metadata: { ...(message.metadata ?? {}), ...(message.history ? { history: true } : {}), ...(message.bounce ? { bounce: message.bounce } : {}) },
      raw: message.raw ?? null,
      searchText: messageSearchText(`${message.subject ?? ''} ${message.text}`),
      sentAt: message.sentAt,
    },
    at: now,
    conversation: conversationCreated ? undefined : { id: conversationId, preview },
    contactId,
    conversationCreated,
    fromCustomer: !quiet,
    byContact: !(message.autoReply || message.bounce),
    channelKind: channel.kind,
    events: [
      ...(newContact ? [contactCreated(contactId, { channelKind: channel.kind })] : []),
      ...(conversationCreated ? [{ type: 'conversation.created' as const, contactId, conversationId }] : []),
      received,
    ],
  };
  const result = { messageId, conversationId, contactId, created: true };
  if (deferred && plain) {
    deferred.add(closing, result);
    return result;
  }
  await writeClosing(tx, [closing]);
  await storeAttachments(tx, { channelId: channel.id, messageId, now: deps.now() }, message, files);
  return result;
}

/**
 * Stored with the batch's closing writes (closing-writes.ts) and needing no other message's row: not an edit, reaction
 * or bounce, no attachments, no reference to the message it answers, and no other key a copy of it may be stored under.
 */
export function isPlain(message: InboundMessage): boolean {
  return !(message.edit || message.reaction || message.bounce || message.attachments?.length || message.idempotencyAliases?.length || hasThreadReference(message));
}

/** Written by a machine or imported: it neither reopens a conversation nor counts as the customer writing. */
export function isQuiet(message: InboundMessage): boolean {
  return Boolean(message.autoReply || message.bounce || message.history);
}

/** The language a new contact is given: the channel's word for it, else read from the message a customer wrote. */
export async function languageOf(message: InboundMessage): Promise<string | undefined> {
  // An auto-reply or a bounce is written by a machine, often in the mail server's language, not the customer's.
  return message.from.language ?? (isQuiet(message) ? undefined : await detectLanguage(message.text));
}

/** What the customer wrote: an email reply without the quoted mail below it (a reply "STOP" quotes the campaign). */
function ownWords(message: InboundMessage): string {
  return typeof message.metadata?.trimmedText === 'string' ? message.metadata.trimmedText : message.text;
}

function previewOf(message: InboundMessage): string {
  return String(message.metadata?.preview ?? message.text)
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, PREVIEW_LENGTH);
}

/** A conversation a message starts, inserted with its final facts: no second statement for it. */
export function newConversationRow(id: string, contactId: string, channelId: string, message: InboundMessage, now: Date) {
  const quiet = isQuiet(message);
  return {
    id,
    contactId,
    channelId,
    subject: message.subject ?? null,
    token: randomBytes(9).toString('base64url'),
    lastActivityAt: now,
    lastMessagePreview: previewOf(message),
    lastMessageDirection: 'in' as const,
    lastInboundAt: quiet ? null : message.sentAt,
    unreadCount: quiet ? 0 : 1,
    status: quiet ? ('resolved' as const) : ('open' as const),
    resolvedAt: quiet ? now : null,
  };
}

/**
 * A reply that names the message it answers finds its conversation through that message's row; one sent to a
 * conversation's own address (`reply+TOKEN@`) through the conversation, whoever sends it.
 */
function hasThreadReference(message: InboundMessage): boolean {
  const t = message.threading;
  return Boolean(t && (t.inReplyTo || t.references?.length || t.quotedExternalId || t.conversationToken));
}

/** The channel's inbound messages already stored under these idempotency keys, answered as duplicates (one statement). */
export async function findStored(tx: Tx | Database['db'], channelId: string, keys: string[]): Promise<Map<string, IngestResult>> {
  // One index lookup per key (the `limit` keeps the lookup a nested loop, never a join the planner may hash). As
  // `idempotency_key = any(…)`, a plan made while the table looked empty read every message of the channel and
  // filtered them: a batch of 128 took 10 ms after 5,000 messages, and more with each.
  const rows = rowsOf<{ key: string; messageId: string; conversationId: string; contactId: string }>(
    await tx.execute(sql`select k.key, m.id as "messageId", m.conversation_id as "conversationId", m.contact_id as "contactId"
      from unnest(${sqlArray(keys, 'text')}) as k(key)
      cross join lateral (
        select id, conversation_id, contact_id from messages
        where channel_id = ${channelId} and direction = 'in' and idempotency_key = k.key
        limit 1
      ) m`),
  );
  return new Map(rows.map(({ key, ...row }) => [key, { ...row, created: false }]));
}

async function markUndeliverable(tx: Tx, recipient: string, reason?: string) {
  await tx
    .update(contactIdentities)
    .set({ undeliverable: true, undeliverableReason: reason ?? 'bounced' })
    .where(and(eq(contactIdentities.kind, 'email'), eq(contactIdentities.value, recipient.trim().toLowerCase())));
}

export async function saveCheckpoint(tx: Tx | Database['db'], channelId: string, checkpoint: Checkpoint) {
  await tx
    .insert(channelState)
    .values({ channelId, key: checkpoint.key, value: checkpoint.value as object })
    .onConflictDoUpdate({ target: [channelState.channelId, channelState.key], set: { value: checkpoint.value as object, updatedAt: new Date() } });
}
