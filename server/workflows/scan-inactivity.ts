// Inactivity scanner: contacts with no activity for N days, from the latest of inbound message, order and imported
// activity (never-active contacts count from first seen) — the SQL mirror of the pure `lastActivity`/`isInactive`
// rule, proven equal to it by scan-inactivity.test.ts.
import { and, isNull, sql, type SQL } from 'drizzle-orm';
import { tsParam, type Db } from '../db/client.ts';
import { contacts, contactValue } from '../db/schema/index.ts';
import { inactivityOccurrence } from '../../workflows/index.ts';
import { activeWorkflows, startRuns } from './start-runs.ts';

// greatest() skips nulls; coalesce falls back to first seen only when no activity is known, as the pure rule does.
// The last order is read by a subquery, so the expression needs no join and any query over contacts can use it.
const since = sql`coalesce(greatest(${contacts.lastInboundAt}, (select cv.last_order_at from contact_value cv where cv.contact_id = ${contacts.id}), ${contacts.lastActivityAt}), ${contacts.firstSeenAt})`;

/** `isInactive(contact, days, now)` as a predicate over `contacts`. */
export function inactiveFor(days: number, now: Date): SQL {
  return sql`${since} <= ${tsParam(new Date(now.getTime() - days * 86_400_000))}`;
}

export async function scanInactivity(db: Db, now: Date): Promise<number> {
  let started = 0;
  for (const wf of await activeWorkflows(db, 'inactivity')) {
    const days = (wf.definition.trigger as { days: number }).days;
    const rows = await db
      .select({ id: contacts.id, lastInboundAt: contacts.lastInboundAt, firstSeenAt: contacts.firstSeenAt, lastActivityAt: contacts.lastActivityAt, lastOrderAt: contactValue.lastOrderAt })
      .from(contacts)
      .leftJoin(contactValue, sql`${contactValue.contactId} = ${contacts.id}`)
      .where(
        and(
          isNull(contacts.erasedAt),
          inactiveFor(days, now),
          // A run started since the spell began has handled it: skip it here instead of re-inserting every minute.
          sql`not exists (select 1 from workflow_runs r where r.workflow_id = ${wf.id} and r.contact_id = ${contacts.id}
          and r.started_at >= ${since})`,
        ),
      );
    const starts = rows.map((row) => {
      // The key names the activity the quiet spell counts from: one run per spell.
      const occurrence = inactivityOccurrence(
        {
          id: row.id,
          firstSeenAt: row.firstSeenAt,
          lastInboundAt: row.lastInboundAt ?? undefined,
          lastOrderAt: row.lastOrderAt ?? undefined,
          lastActivityAt: row.lastActivityAt ?? undefined,
        },
        days,
      );
      return { workflowId: wf.id, versionId: wf.versionId, contactId: row.id, occurrenceKey: occurrence.occurrenceKey, nextAt: now };
    });
    started += await startRuns(db, starts, now);
  }
  return started;
}
