// The writes that close an inbound message's ingest — its row, the facts it changes on its conversation and contact, and
// its events — as set-based statements over any number of messages: one message stored alone, or every plain message
// of a group-commit batch at once (`DeferredWrites`), so a batch costs four statements instead of four per message.
import { sql } from 'drizzle-orm';
import type { IngestResult } from '../../connectors/channel.ts';
import { rowsOf, type Tx } from '../db/client.ts';
import { insertRows } from '../db/insert-rows.ts';
import { messages } from '../db/schema/index.ts';
import { sqlArray, type SqlArrayType } from '../db/sql-array.ts';
import { recordEvents, type EventToRecord } from '../events/record-event.ts';
import { IngestError } from './ingest-error.ts';

export interface ClosingWrite {
  row: typeof messages.$inferInsert & { id: string; idempotencyKey: string; channelId: string };
  at: Date;
  /** Absent when the message created its conversation, which was inserted with its final facts. */
  conversation?: { id: string; preview: string };
  contactId: string;
  conversationCreated: boolean;
  /** A customer writing (not an auto-reply, bounce or history import): it counts as unread and as their latest inbound. */
  fromCustomer: boolean;
  /** Not an auto-reply or bounce: the contact's last inbound time and channel move. */
  byContact: boolean;
  channelKind: string;
  events: EventToRecord[];
}

/** Writes `writes` (in the order their messages were ingested) with one statement per table. */
export async function writeClosing(tx: Tx, writes: ClosingWrite[]): Promise<void> {
  if (!writes.length) return;
  const [inserted] = await Promise.all([
    tx
      .execute(
        sql`${insertRows(
          messages,
          writes.map((w) => w.row),
        )} on conflict do nothing returning id`,
      )
      .then((result) => rowsOf<{ id: string }>(result)),
    updateConversations(tx, writes),
    updateContacts(tx, writes),
    recordEvents(
      tx,
      writes.flatMap((w) => w.events),
    ),
  ]);
  if (inserted.length === writes.length) return;
  // Another sender's message with this key committed between our check and insert (our sender's own retry would wait
  // on the identity lock and find it): the key is taken, and a retry would only be answered as a duplicate of theirs.
  const stored = new Set(inserted.map((r) => r.id));
  const lost = writes.find((w) => !stored.has(w.row.id))!;
  throw new IngestError('duplicate_external_id', `a message with the id ${lost.row.idempotencyKey} from another sender was stored at the same moment`, 409);
}

/** Each conversation once: the latest message's preview, unread counted per customer message, times moved forward. */
function updateConversations(tx: Tx, writes: ClosingWrite[]) {
  const byId = new Map<string, { at: Date; preview: string; inboundAt: Date | null; channelId: string | null; unread: number }>();
  for (const w of writes) {
    if (!w.conversation) continue;
    const seen = byId.get(w.conversation.id);
    const next = { at: w.at, preview: w.conversation.preview, inboundAt: seen?.inboundAt ?? null, channelId: seen?.channelId ?? null, unread: seen?.unread ?? 0 };
    if (seen && seen.at > next.at) next.at = seen.at;
    if (w.fromCustomer) Object.assign(next, { inboundAt: w.row.sentAt ?? null, channelId: w.row.channelId, unread: next.unread + 1 });
    byId.set(w.conversation.id, next);
  }
  if (!byId.size) return undefined;
  const rows = [...byId.entries()];
  return tx.execute(sql`update conversations c set
      last_activity_at = greatest(c.last_activity_at, v.at),
      last_message_preview = v.preview,
      last_message_direction = 'in',
      last_inbound_at = coalesce(v.inbound_at, c.last_inbound_at),
      channel_id = coalesce(v.channel_id, c.channel_id),
      unread_count = c.unread_count + v.unread,
      updated_at = v.at
    from unnest(${arrays([
      [rows.map(([id]) => id), 'uuid'],
      [rows.map(([, r]) => r.at), 'timestamptz'],
      [rows.map(([, r]) => r.preview), 'text'],
      [rows.map(([, r]) => r.inboundAt), 'timestamptz'],
      [rows.map(([, r]) => r.channelId), 'uuid'],
      [rows.map(([, r]) => r.unread), 'integer'],
    ])}) as v(id, at, preview, inbound_at, channel_id, unread)
    where c.id = v.id`);
}

/** Each contact once: the latest inbound time and channel, conversations started counted, updated now. */
function updateContacts(tx: Tx, writes: ClosingWrite[]) {
  const byId = new Map<string, { at: Date; inboundAt: Date | null; channelKind: string | null; created: number }>();
  for (const w of writes) {
    const seen = byId.get(w.contactId) ?? { at: w.at, inboundAt: null, channelKind: null, created: 0 };
    if (w.at > seen.at) seen.at = w.at;
    if (w.conversationCreated) seen.created++;
    if (w.byContact) {
      const sentAt = w.row.sentAt!;
      if (!seen.inboundAt || sentAt > seen.inboundAt) seen.inboundAt = sentAt;
      seen.channelKind = w.channelKind;
    }
    byId.set(w.contactId, seen);
  }
  const rows = [...byId.entries()];
  return tx.execute(sql`update contacts c set
      last_inbound_at = greatest(c.last_inbound_at, v.inbound_at),
      last_channel_kind = coalesce(v.channel_kind, c.last_channel_kind),
      conversation_count = c.conversation_count + v.created,
      updated_at = v.at
    from unnest(${arrays([
      [rows.map(([id]) => id), 'uuid'],
      [rows.map(([, r]) => r.at), 'timestamptz'],
      [rows.map(([, r]) => r.inboundAt), 'timestamptz'],
      [rows.map(([, r]) => r.channelKind), 'text'],
      [rows.map(([, r]) => r.created), 'integer'],
    ])}) as v(id, at, inbound_at, channel_kind, created)
    where c.id = v.id`);
}

/** Typed arrays side by side, for `unnest(…) as v(…)`: one parameter per column whatever the number of rows. */
function arrays(columns: Array<[unknown[], SqlArrayType]>) {
  return sql.join(
    columns.map(([values, type]) => sqlArray(values, type)),
    sql`, `,
  );
}

/**
 * A group-commit batch's closing writes, held back and written together. A message that reads other messages (an
 * edit, a reaction, a reply threaded by its headers or quote, a bounce) or whose attachments need its row calls
 * `flush` first, so it sees every message before it; the batch flushes the rest before its commit.
 */
export class DeferredWrites {
  #pending: ClosingWrite[] = [];
  #results = new Map<string, IngestResult>();

  add(write: ClosingWrite, result: IngestResult) {
    this.#pending.push(write);
    this.#results.set(keyOf(write.row.channelId, write.row.idempotencyKey), result);
  }

  /** A message of this batch already ingested under this key (a provider's repeat within the same moments). */
  held(channelId: string, key: string): IngestResult | undefined {
    const result = this.#results.get(keyOf(channelId, key));
    return result && { ...result, created: false };
  }

  async flush(tx: Tx): Promise<void> {
    const writes = this.#pending.splice(0);
    await writeClosing(tx, writes);
  }
}

const keyOf = (channelId: string, key: string) => `${channelId}\u0000${key}`;
