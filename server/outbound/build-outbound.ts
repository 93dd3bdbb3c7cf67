// Turns stored messages into the connector's OutboundMessage: recipient name, threading hints and attachments, for many at once.
import { inArray, sql } from 'drizzle-orm';
import { ChannelError, type OutboundMessage } from '../../connectors/channel.ts';
import { type UnsubscribeConfig, withUnsubscribe } from '../consent/index.ts';
import { rowsOf, type Database } from '../db/client.ts';
import { attachments, contacts, conversations } from '../db/schema/index.ts';
import type { messages } from '../db/schema/index.ts';
import type { FileStorage } from '../files/file-storage.ts';
import { sqlArray } from '../db/sql-array.ts';
import { storedPlan, withTracking } from '../tracking/index.ts';

export type MessageRow = typeof messages.$inferSelect;

export interface BuildDeps {
  database: Database;
  storage: FileStorage;
  fileUrl?: (attachmentId: string) => string;
  /** Where marketing email's unsubscribe and tracking links point; without it marketing email carries none (tests of other things). */
  unsubscribe?: UnsubscribeConfig;
}

/**
 * A fixed number of queries whatever the batch size: a campaign batch of 200 costs what one reply costs. A message
 * whose files cannot all be read maps to the error its send fails with, so it is never sent without them.
 */
export async function buildOutboundBatch(deps: BuildDeps, rows: MessageRow[]): Promise<Map<string, OutboundMessage | ChannelError>> {
  const out = new Map<string, OutboundMessage | ChannelError>();
  if (!rows.length) return out;
  const db = deps.database.db;
  const contactIds = [...new Set(rows.map((m) => m.contactId))];
  const conversationIds = [...new Set(rows.map((m) => m.conversationId))];
  const people = new Map((await db.select({ id: contacts.id, name: contacts.name, language: contacts.language }).from(contacts).where(inArray(contacts.id, contactIds))).map((c) => [c.id, c]));
  const tokens = new Map((await db.select({ id: conversations.id, token: conversations.token }).from(conversations).where(inArray(conversations.id, conversationIds))).map((c) => [c.id, c.token]));
  // The latest inbound per conversation and channel: what WhatsApp and Telegram quote when replying.
  const inbound = rowsOf<{ conversation_id: string; channel_id: string; external_id: string | null }>(
    await db.execute(sql`
      select distinct on (conversation_id, channel_id) conversation_id, channel_id, external_id from messages
      where conversation_id = any(${sqlArray(conversationIds, 'uuid')}) and direction = 'in'
      order by conversation_id, channel_id, seq desc`),
  );
  const lastInbound = new Map(inbound.map((r) => [`${r.conversation_id}:${r.channel_id}`, r.external_id]));
  const files = await db
    .select()
    .from(attachments)
    .where(
      inArray(
        attachments.messageId,
        rows.map((m) => m.id),
      ),
    )
    // In the order the agent attached them: a provider shows them so (MMS media, mail parts).
    .orderBy(attachments.position);
  const filesOf = new Map<string, typeof files>();
  for (const f of files) filesOf.set(f.messageId, [...(filesOf.get(f.messageId) ?? []), f]);

  for (const message of rows) {
    const loaded = await loadFiles(deps, filesOf.get(message.id) ?? []);
    if (loaded instanceof ChannelError) {
      out.set(message.id, loaded);
      continue;
    }
    const to = message.metadata.to as OutboundMessage['to'];
    const person = people.get(message.contactId);
    const outbound: OutboundMessage = {
      id: message.id,
      to: { ...to, name: person?.name ?? undefined },
      text: message.text,
      html: message.html ?? undefined,
      subject: message.subject ?? undefined,
      threading: {
        messageId: message.emailMessageId ?? undefined,
        inReplyTo: message.inReplyTo ?? undefined,
        references: message.references ?? undefined,
        replyToExternalId: lastInbound.get(`${message.conversationId}:${message.channelId}`) ?? undefined,
        conversationToken: tokens.get(message.conversationId),
      },
      attachments: loaded.length ? loaded : undefined,
      ...(message.purpose === 'marketing' ? { purpose: 'marketing' as const } : {}),
    };
    const marketingEmail = message.purpose === 'marketing' && to.kind === 'email' && deps.unsubscribe;
    if (!marketingEmail) {
      out.set(message.id, outbound);
      continue;
    }
    // Tracking first: the unsubscribe footer it adds after is never rewritten.
    const plan = storedPlan(message.metadata);
    const tracked = plan ? withTracking(outbound, plan, deps.unsubscribe!) : outbound;
    out.set(message.id, withUnsubscribe(tracked, { id: message.contactId, language: person?.language }, deps.unsubscribe!));
  }
  return out;
}

/** What a send goes on with: the message built, or the error it fails with (thrown, so it takes the usual failure path). */
export function outboundOrThrow(built: OutboundMessage | ChannelError | undefined): OutboundMessage {
  if (built instanceof ChannelError) throw built;
  if (!built) throw new Error('the message was not built');
  return built;
}

type AttachmentRow = typeof attachments.$inferSelect;

/**
 * Every file of an outgoing message, or a retryable error naming the first that cannot be read: a file may be missing
 * only for a while (a move between disk and bucket that has not reached it yet, a store that is down), and a reply
 * sent without its file, marked sent, would never be noticed.
 */
async function loadFiles(deps: BuildDeps, files: AttachmentRow[]): Promise<NonNullable<OutboundMessage['attachments']> | ChannelError> {
  const loaded = [];
  for (const f of files) {
    if (!f.storageKey) continue;
    let content: Uint8Array | undefined;
    try {
      content = await deps.storage.get(f.storageKey);
    } catch (error) {
      return new ChannelError('TEMPORARY', `The file ${f.filename} could not be read from file storage: ${(error as Error).message}`, { cause: error });
    }
    if (!content) return new ChannelError('TEMPORARY', `The file ${f.filename} is missing from file storage`);
    loaded.push({ filename: f.filename, contentType: f.contentType, content, url: deps.fileUrl?.(f.id) });
  }
  return loaded;
}
