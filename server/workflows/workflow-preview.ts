// Dry run over the contacts a workflow would reach now: who receives what, who is skipped and why; nothing is sent.
import { and, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { tsParam, type Db } from '../db/client.ts';
import { contacts } from '../db/schema/index.ts';
import { recentMarketingSends } from './run-store.ts';
import { dryRun, type WorkflowDefinition } from '../../workflows/index.ts';
import { contactFacts } from './build-facts.ts';
import { loadWorkflow } from './workflow-store.ts';
import { loadWorkspace, withWorkspaceDefaults } from './workspace-settings.ts';

export async function previewWorkflow(db: Db, id: string, now: Date, limit: number) {
  const wf = await loadWorkflow(db, id);
  const ws = await loadWorkspace(db);
  const definition = withWorkspaceDefaults(wf.definition as unknown as WorkflowDefinition, wf.source, ws);
  const rows = await db.select().from(contacts).where(and(isNull(contacts.erasedAt), audience(definition, now))).limit(limit);
  const facts = await contactFacts(db, rows);
  const results = dryRun(definition, facts, now, {
    workflowId: id, workspaceZone: ws.timeZone, workspace: { name: ws.name, timeZone: ws.timeZone },
    recentSends: await recentMarketingSends(db, rows.map((r) => r.id), now, definition.settings.frequencyCap?.perDays ?? 7),
  });
  const byReason: Record<string, number> = {};
  for (const r of results) for (const s of r.skips) byReason[s.reason] = (byReason[s.reason] ?? 0) + 1;
  return {
    workflowId: id,
    at: now,
    summary: { contacts: results.length, receives: results.filter((r) => r.outcome === 'receives').length, skipped: results.filter((r) => r.outcome === 'skipped').length, byReason },
    items: results.map((r) => ({ contactId: r.contactId, name: rows.find((c) => c.id === r.contactId)?.name ?? null, outcome: r.outcome, messages: r.messages, skips: r.skips })),
  };
}

/** Date triggers look at contacts who have the date; inactivity at the inactive; everything else at all contacts. */
function audience(definition: WorkflowDefinition, now: Date): SQL {
  const trigger = definition.trigger;
  if (trigger.type === 'date_attribute') {
    return trigger.field === 'birthday' ? isNotNull(contacts.birthdayMonth) : sql`${contacts.attributes} ? ${trigger.field.replace(/^attributes\./, '')}`;
  }
  if (trigger.type === 'inactivity') {
    return sql`coalesce(${contacts.lastInboundAt}, ${contacts.firstSeenAt}) <= ${tsParam(new Date(now.getTime() - trigger.days * 86_400_000))}`;
  }
  return sql`true`;
}
