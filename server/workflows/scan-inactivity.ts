// Inactivity scanner: contacts with no inbound message for N days (never-wrote contacts count from first seen).
import { and, isNull, sql } from 'drizzle-orm';
import { tsParam, type Db } from '../db/client.ts';
import { contacts } from '../db/schema/index.ts';
import { inactivityOccurrence } from '../../workflows/index.ts';
import { activeWorkflows, startRuns } from './start-runs.ts';

export async function scanInactivity(db: Db, now: Date): Promise<number> {
  let started = 0;
  for (const wf of await activeWorkflows(db, 'inactivity')) {
    const days = (wf.definition.trigger as { days: number }).days;
    const since = new Date(now.getTime() - days * 86_400_000);
    const rows = await db.select({ id: contacts.id, lastInboundAt: contacts.lastInboundAt, firstSeenAt: contacts.firstSeenAt }).from(contacts)
      .where(and(
        isNull(contacts.erasedAt),
        sql`coalesce(${contacts.lastInboundAt}, ${contacts.firstSeenAt}) <= ${tsParam(since)}`,
        // A run started since the spell began has handled it: skip it here instead of re-inserting every minute.
        sql`not exists (select 1 from workflow_runs r where r.workflow_id = ${wf.id} and r.contact_id = ${contacts.id}
          and r.started_at >= coalesce(${contacts.lastInboundAt}, ${contacts.firstSeenAt}))`,
      ));
    const starts = rows.map((row) => {
      // The key names the activity the quiet spell counts from: one run per spell.
      const occurrence = inactivityOccurrence({ id: row.id, firstSeenAt: row.firstSeenAt, lastInboundAt: row.lastInboundAt ?? undefined }, days);
      return { workflowId: wf.id, versionId: wf.versionId, contactId: row.id, occurrenceKey: occurrence.occurrenceKey, nextAt: now };
    });
    started += await startRuns(db, starts, now);
  }
  return started;
}
