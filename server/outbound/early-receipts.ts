// Receipts that came before their message was recorded as sent (schema/early-receipts.ts). The record of a send
// applies the receipts already waiting for its id in its own transaction; a pass applies those whose record committed
// while the receipt was being kept (two transactions at once, each not seeing the other), and drops the ones no
// message has named for a day (receipts for messages sent outside Ulak, or an id no send was ever given).
import { lt, sql } from 'drizzle-orm';
import type { ChannelErrorCode, DeliveryUpdate } from '../../connectors/channel.ts';
import { rowsOf, type Database, type Tx } from '../db/client.ts';
import { earlyReceipts } from '../db/schema/index.ts';
import { sqlArray } from '../db/sql-array.ts';
import { transact } from '../events/record-event.ts';
import { moveStatus } from './apply-delivery-update.ts';
import { statusRank } from './message-status.ts';

/** How long a receipt waits for a send to name its id. */
export const EARLY_RECEIPT_KEEP_MS = 24 * 60 * 60_000;

/** Applies, in the transaction recording these sends, the receipts that were waiting for their ids. */
export async function applyEarlyReceipts(tx: Tx, sent: ReadonlyArray<{ channelId: string; externalId: string }>): Promise<number> {
  if (!sent.length) return 0;
  const taken = rowsOf<EarlyRow>(
    await tx.execute(sql`delete from early_receipts r
      using unnest(${sqlArray(
        sent.map((s) => s.channelId),
        'uuid',
      )}, ${sqlArray(
        sent.map((s) => s.externalId),
        'text',
      )}) as v(channel_id, external_id)
      where r.channel_id = v.channel_id and r.external_id = v.external_id
      returning r.channel_id, r.external_id, r.status, r.at, r.error_code, r.error_message`),
  );
  return applyInOrder(tx, taken);
}

/** The pass: applies waiting receipts whose message now has their id, and drops those older than EARLY_RECEIPT_KEEP_MS. */
export async function matchEarlyReceipts(database: Database, now: Date): Promise<{ applied: number; dropped: number }> {
  return transact(database, async (tx) => {
    const taken = rowsOf<EarlyRow>(
      await tx.execute(sql`delete from early_receipts r
        where exists (select 1 from messages m where m.channel_id = r.channel_id and m.direction = 'out' and m.external_id = r.external_id)
        returning r.channel_id, r.external_id, r.status, r.at, r.error_code, r.error_message`),
    );
    const applied = await applyInOrder(tx, taken);
    const dropped = await tx
      .delete(earlyReceipts)
      .where(lt(earlyReceipts.receivedAt, new Date(now.getTime() - EARLY_RECEIPT_KEEP_MS)))
      .returning({ externalId: earlyReceipts.externalId });
    return { applied, dropped: dropped.length };
  });
}

interface EarlyRow {
  channel_id: string;
  external_id: string;
  status: DeliveryUpdate['status'];
  at: string | Date;
  error_code: string | null;
  error_message: string | null;
}

/** Each message's receipts from the earliest status to the furthest, so "sent", "delivered", "read" each leave their event. */
async function applyInOrder(tx: Tx, rows: EarlyRow[]): Promise<number> {
  let applied = 0;
  for (const r of rows.sort((a, b) => statusRank(a.status) - statusRank(b.status))) {
    const update: DeliveryUpdate = {
      externalId: r.external_id,
      status: r.status,
      at: new Date(r.at),
      ...(r.error_code ? { error: { code: r.error_code as ChannelErrorCode, message: r.error_message ?? '' } } : {}),
    };
    if (await moveStatus(tx, r.channel_id, update)) applied++;
  }
  return applied;
}
