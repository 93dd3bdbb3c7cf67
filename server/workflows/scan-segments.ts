// Segment-entry scanner: starts a run for contacts who match the segment now and did not at the last scan.
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { workflowCursors, workflowSegmentMembers } from '../db/schema/index.ts';
import { segmentChanges, segmentOccurrenceKey, type Condition } from '../../workflows/index.ts';
import { matchingContactIds } from '../segments/evaluate-segment.ts';
import { activeWorkflows, startRuns } from './start-runs.ts';
import type { EngineWorkspace } from './workspace-settings.ts';

export async function scanSegments(db: Db, now: Date, ws: EngineWorkspace): Promise<number> {
  let started = 0;
  for (const wf of await activeWorkflows(db, 'segment_entry')) {
    const segment = (wf.definition.trigger as { segment: Condition }).segment;
    started += await db.transaction(async (tx) => {
      // One scanner per segment at a time, so "entered" is decided once.
      const name = `segment:${wf.id}`;
      await tx.insert(workflowCursors).values({ name }).onConflictDoNothing();
      await tx.select().from(workflowCursors).where(eq(workflowCursors.name, name)).for('update');
      // One compiled query (proven equal to the pure evaluator); the core's `segmentChanges` decides who entered and left.
      const inside = await matchingContactIds(tx, segment, now, { name: ws.name, timeZone: ws.timeZone });
      const before = (await tx.select({ id: workflowSegmentMembers.contactId }).from(workflowSegmentMembers).where(eq(workflowSegmentMembers.workflowId, wf.id))).map((r) => r.id);
      const { entered, left } = segmentChanges(inside, before);
      if (entered.length)
        await tx
          .insert(workflowSegmentMembers)
          .values(entered.map((contactId) => ({ workflowId: wf.id, contactId })))
          .onConflictDoNothing();
      if (left.length) await tx.delete(workflowSegmentMembers).where(and(eq(workflowSegmentMembers.workflowId, wf.id), inArray(workflowSegmentMembers.contactId, left)));
      return startRuns(
        tx,
        entered.map((contactId) => ({ workflowId: wf.id, versionId: wf.versionId, contactId, occurrenceKey: segmentOccurrenceKey(wf.id, contactId, now), nextAt: now })),
        now,
      );
    });
  }
  return started;
}
