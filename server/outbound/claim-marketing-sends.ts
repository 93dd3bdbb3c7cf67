// The marketing lane's claim: many queued marketing messages at once under the same lease a single send takes,
// then each one's campaign re-checked, since it may have been paused or cancelled while the message waited.
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Database, type Tx } from '../db/client.ts';
import { leaseEndsIn, leaseFree } from './lease.ts';
import { campaigns, messages } from '../db/schema/index.ts';
import { sqlArray } from '../db/sql-array.ts';
import { recordEvents, transact } from '../events/record-event.ts';
import type { MessageRow } from './build-outbound.ts';

export interface ClaimDeps {
  database: Database;
  /** The business clock: when a cancelled message's status changed (leases run on the database's clock, see lease.ts). */
  now(): Date;
  /** How long a claim lasts (SEND_LEASE_MS): a claim that dies with its process is taken over when it runs out. */
  leaseMs: number;
}

/** The campaign a marketing message belongs to, if any (workflow marketing steps have none). */
export const campaignOf = (m: Pick<MessageRow, 'metadata'>) => (typeof m.metadata.campaignId === 'string' ? m.metadata.campaignId : undefined);

/**
 * Claims up to `limit` queued marketing messages nobody holds, oldest first. `skip locked` lets several workers
 * claim side by side without waiting on each other; messages of paused campaigns are not even looked at.
 * `exceptChannels`: session-bound channels whose session another process holds (only it can send on them).
 */
export async function claimMarketingSends(deps: ClaimDeps, limit: number, exceptChannels: string[] = []): Promise<MessageRow[]> {
  const claimed = rowsOf<{ id: string }>(
    await deps.database.db.execute(sql`
      update messages set sending_until = ${leaseEndsIn(deps.leaseMs)}
      where id in (
        select m.id from messages m
        where m.status = 'queued' and m.direction = 'out' and m.purpose = 'marketing'
          and ${leaseFree(sql`m.sending_until`)}
          ${exceptChannels.length ? sql`and m.channel_id <> all(${sqlArray(exceptChannels, 'uuid')})` : sql``}
          and not exists (select 1 from campaigns c where c.id = (m.metadata->>'campaignId')::uuid and c.status = 'paused')
        order by m.sent_at
        limit ${limit}
        for update of m skip locked)
      returning id`),
  );
  if (!claimed.length) return [];
  return deps.database.db
    .select()
    .from(messages)
    .where(
      inArray(
        messages.id,
        claimed.map((r) => r.id),
      ),
    );
}

export interface Recheck {
  send: MessageRow[];
  held: number;
  cancelled: number;
}

/** Paused → released untouched to wait for resume; cancelled → never sent, marked cancelled; anything else goes. */
export async function recheckCampaigns(deps: ClaimDeps, claimed: MessageRow[]): Promise<Recheck> {
  const ids = [...new Set(claimed.map(campaignOf).filter((id): id is string => !!id))];
  const status = new Map(
    ids.length ? (await deps.database.db.select({ id: campaigns.id, status: campaigns.status }).from(campaigns).where(inArray(campaigns.id, ids))).map((c) => [c.id, c.status]) : [],
  );
  const held = claimed.filter((m) => status.get(campaignOf(m) ?? '') === 'paused');
  const cancelled = claimed.filter((m) => status.get(campaignOf(m) ?? '') === 'cancelled');
  if (held.length)
    await deps.database.db
      .update(messages)
      .set({ sendingUntil: null })
      .where(
        inArray(
          messages.id,
          held.map((m) => m.id),
        ),
      );
  if (cancelled.length)
    await transact(deps.database, (tx) =>
      cancelQueuedWhere(
        tx,
        deps.now(),
        inArray(
          messages.id,
          cancelled.map((m) => m.id),
        ),
      ),
    );
  const out = new Set([...held, ...cancelled]);
  return { send: claimed.filter((m) => !out.has(m)), held: held.length, cancelled: cancelled.length };
}

/** The queued messages `where` picks will never go out (their campaign was cancelled): a final state of their own. */
export async function cancelQueuedWhere(tx: Tx, now: Date, where: SQL): Promise<number> {
  const rows = await tx
    .update(messages)
    .set({ status: 'cancelled', statusAt: now, sendingUntil: null })
    .where(and(where, eq(messages.status, 'queued')))
    .returning({ id: messages.id, conversationId: messages.conversationId, contactId: messages.contactId });
  await recordEvents(
    tx,
    rows.map((m) => ({ type: 'message.updated' as const, messageId: m.id, conversationId: m.conversationId, contactId: m.contactId, payload: { status: 'cancelled' } })),
  );
  return rows.length;
}
