// Reads committed domain events in a gap-free order: by (writing transaction id, id), only below the horizon of
// transactions still running in this database, so an event whose transaction commits late is delivered late, never skipped.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { rowsOf } from '../db/client.ts';

export interface EventCursor {
  txid: string;
  id: number;
}

export interface StoredEvent {
  id: number;
  type: string;
  contactId: string | null;
  conversationId: string | null;
  messageId: string | null;
  causedByAutomation: boolean;
  payload: Record<string, unknown>;
  createdAt: Date;
  txid: string;
}

/**
 * The lowest transaction id that may still write an event: the snapshot's oldest running transaction, leaving out those
 * that run in another database of the same server (they cannot write this database's events). The plain snapshot xmin
 * is cluster-wide, so a long transaction in any other database (another app, a report, a test file beside this one)
 * held every workflow, webhook and realtime event back until it ended. A transaction is left out only when the lock
 * manager shows it held by a session connected elsewhere; anything unknown (a prepared transaction, one that just
 * ended) still holds the horizon, so nothing is ever skipped. `xip` holds 64-bit ids and `pg_locks` 32-bit ones.
 */
const EVENT_HORIZON = sql`(select coalesce(min(x), pg_snapshot_xmax(pg_current_snapshot()))
  from pg_snapshot_xip(pg_current_snapshot()) x
  where (x::text::numeric % 4294967296) not in (
    select l.transactionid::text::numeric from pg_locks l join pg_stat_activity a on a.pid = l.pid
    where l.locktype = 'transactionid' and l.mode = 'ExclusiveLock' and l.granted and a.datname <> current_database()))`;

/** The cursor "now": everything committed so far counts as read. */
export async function currentEventCursor(db: DbOrTx): Promise<EventCursor> {
  const [row] = rowsOf<{ horizon: string }>(await db.execute(sql`select ${EVENT_HORIZON}::text as horizon`));
  return { txid: row!.horizon, id: 0 };
}

/** The columns `toStoredEvent` reads, for every statement that selects domain events. */
export const STORED_EVENT_COLUMNS = sql.raw('id, type, contact_id, conversation_id, message_id, caused_by_automation, payload, created_at, txid::text as txid');

export async function readEventsAfter(db: DbOrTx, cursor: EventCursor, limit = 500): Promise<StoredEvent[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`select ${STORED_EVENT_COLUMNS}
      from domain_events
      where txid < ${EVENT_HORIZON}
        and (txid, id) > (${cursor.txid}::xid8, ${cursor.id}::bigint)
      order by txid, id
      limit ${limit}`),
  );
  return rows.map(toStoredEvent);
}

/** A `domain_events` row selected with `txid::text as txid`, as a StoredEvent (both drivers' shapes). */
export function toStoredEvent(r: Record<string, unknown>): StoredEvent {
  return {
    id: Number(r.id),
    type: String(r.type),
    contactId: (r.contact_id as string) ?? null,
    conversationId: (r.conversation_id as string) ?? null,
    messageId: (r.message_id as string) ?? null,
    causedByAutomation: Boolean(r.caused_by_automation),
    payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<string, unknown>,
    createdAt: new Date(r.created_at as string),
    txid: String(r.txid),
  };
}

export const cursorAfter = (e: StoredEvent): EventCursor => ({ txid: e.txid, id: e.id });

/**
 * A message nobody needs to act on: an auto-reply or bounce, history imported from a phone or mailbox, or something
 * automation caused. It is shown, but raises no alert and starts no workflow.
 */
export function isQuietMessage(e: Pick<StoredEvent, 'payload' | 'causedByAutomation'>): boolean {
  return Boolean(e.payload.autoReply || e.payload.history || e.causedByAutomation);
}
