// When each contact was last sent automated marketing, for the frequency cap: one count for workflows and campaigns.
import { sql } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../db/client.ts';
import { sqlArray } from '../db/sql-array.ts';

const DAY_MS = 86_400_000;

/**
 * Marketing messages (campaigns, and workflow sends whose purpose is marketing) sent within `perDays`.
 * Service messages (a complaint acknowledgement) and private notes never count, so they never crowd out marketing.
 *
 * Read per contact: their conversations (indexed by contact), then each one's messages (indexed by conversation).
 * `offset 0` keeps that a loop the planner cannot turn into a walk of every outbound message, which it chose on
 * statistics taken before a campaign: PGlite analyzes hourly, so during a 10,000-mail campaign every call read every
 * mail the campaign had sent so far (87 ms a call at 10,000) and the campaign slowed as it went.
 */
export async function recentMarketingSends(db: DbOrTx, contactIds: string[], now: Date, perDays: number): Promise<Map<string, Date[]>> {
  const out = new Map<string, Date[]>();
  if (!contactIds.length) return out;
  const since = new Date(now.getTime() - perDays * DAY_MS);
  const rows = rowsOf<{ contact_id: string; sent_at: Date | string }>(
    await db.execute(sql`
      select c.contact_id, m.sent_at
      from conversations c
      cross join lateral (
        select m.sent_at from messages m
        where m.conversation_id = c.id and m.direction = 'out' and m.purpose = 'marketing' and not m.private and m.sent_at > ${since.toISOString()}::timestamptz
        offset 0) m
      where c.contact_id = any(${sqlArray(contactIds, 'uuid')})`),
  );
  for (const row of rows) out.set(row.contact_id, [...(out.get(row.contact_id) ?? []), new Date(row.sent_at)]);
  return out;
}
