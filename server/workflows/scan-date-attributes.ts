// Date-attribute scanner: starts a run when a contact's birthday (or date attribute) comes round at its local time.
import { and, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { contacts } from '../db/schema/index.ts';
import { birthdayString } from '../contacts/contact-profile.ts';
import { nextDateAttributeOccurrence, type ContactFacts } from '../../workflows/index.ts';
import { activeWorkflows, startRuns, type RunStart } from './start-runs.ts';
import { dateCandidates } from './upcoming-dates.ts';

/** How late an occurrence may still start after downtime; the occurrence key keeps it to once a year. */
const CATCH_UP_MS = 12 * 3_600_000;

export async function scanDateAttributes(db: Db, now: Date, workspaceZone: string): Promise<number> {
  let started = 0;
  for (const wf of await activeWorkflows(db, 'date_attribute')) {
    const trigger = wf.definition.trigger as { type: 'date_attribute'; field: string; at: string };
    const rows = await db
      .select()
      .from(contacts)
      .where(and(isNull(contacts.erasedAt), dateCandidates(trigger.field, now, 1, 1)));
    const starts: RunStart[] = [];
    for (const row of rows) {
      const contact: ContactFacts = { id: row.id, timeZone: row.timeZone ?? undefined, birthday: birthdayString(row) ?? undefined, attributes: row.attributes, firstSeenAt: row.firstSeenAt };
      const occurrence = nextDateAttributeOccurrence(contact, trigger, workspaceZone, new Date(now.getTime() - CATCH_UP_MS));
      if (occurrence && occurrence.at.getTime() <= now.getTime()) {
        starts.push({ workflowId: wf.id, versionId: wf.versionId, contactId: row.id, occurrenceKey: occurrence.occurrenceKey, nextAt: occurrence.at });
      }
    }
    started += await startRuns(db, starts, now);
  }
  return started;
}
