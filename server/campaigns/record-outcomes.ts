// Writes the recipients a tick did not send to: skipped with a reason, or deferred to the end of quiet hours.
import { and, inArray, sql } from 'drizzle-orm';
import { tsParam, type DbOrTx } from '../db/client.ts';
import { campaignRecipients } from '../db/schema/index.ts';
import { sqlArray } from '../db/sql-array.ts';

export interface Outcomes {
  skipped: Map<string, string[]>;
  deferred: Array<{ id: string; until: Date }>;
}

const WAITING = ['queued', 'deferred'] as const;

export const noOutcomes = (): Outcomes => ({ skipped: new Map(), deferred: [] });

/**
 * Only recipients still waiting (queued or deferred) change: two ticks can overlap (one outlasting its second on a
 * worker while another worker claims the next), and what the other already sent must stay sent.
 */
export async function recordOutcomes(db: DbOrTx, outcomes: Outcomes, now: Date): Promise<void> {
  for (const [reason, ids] of outcomes.skipped) {
    await db
      .update(campaignRecipients)
      .set({ status: 'skipped', reason, updatedAt: now })
      .where(and(inArray(campaignRecipients.id, ids), inArray(campaignRecipients.status, WAITING)));
  }
  if (outcomes.deferred.length) {
    // Deferred, not dropped: each row falls due again when quiet hours end in its contact's zone.
    await db.execute(sql`
      update campaign_recipients r set status = 'deferred', reason = 'quiet-hours', due_at = v.until, updated_at = ${tsParam(now)}
      from unnest(${sqlArray(
        outcomes.deferred.map((d) => d.id),
        'uuid',
      )}, ${sqlArray(
        outcomes.deferred.map((d) => d.until),
        'timestamptz',
      )}) as v(id, until)
      where r.id = v.id and r.status in ('queued', 'deferred')`);
  }
}
