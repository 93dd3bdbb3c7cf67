// Schedule scanner: on each due cron tick (in the workspace zone) starts one run per contact.
import { eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { contacts, workflowCursors } from '../db/schema/index.ts';
import { cronNext, scheduleOccurrenceKey } from '../../workflows/index.ts';
import { activeWorkflows, startRuns } from './start-runs.ts';

export async function scanSchedules(db: Db, now: Date, workspaceZone: string): Promise<number> {
  let started = 0;
  for (const wf of await activeWorkflows(db, 'schedule')) {
    const cron = (wf.definition.trigger as { cron: string }).cron;
    const name = `schedule:${wf.id}`;
    const [cursor] = await db.select().from(workflowCursors).where(eq(workflowCursors.name, name));
    // A new schedule counts from now: enabling it does not replay past ticks.
    if (!cursor?.at) {
      await db.insert(workflowCursors).values({ name, at: now }).onConflictDoNothing();
      continue;
    }
    let tick = cronNext(cron, workspaceZone, cursor.at);
    if (tick > now) continue;
    // After downtime only the latest missed tick runs.
    for (let next = cronNext(cron, workspaceZone, tick); next <= now; next = cronNext(cron, workspaceZone, tick)) tick = next;
    const rows = await db.select({ id: contacts.id }).from(contacts).where(isNull(contacts.erasedAt));
    started += await startRuns(
      db,
      rows.map((r) => ({ workflowId: wf.id, versionId: wf.versionId, contactId: r.id, occurrenceKey: scheduleOccurrenceKey(wf.id, r.id, tick), nextAt: tick })),
      now,
    );
    await db.update(workflowCursors).set({ at: tick }).where(eq(workflowCursors.name, name));
  }
  return started;
}
