// Dry run over the contacts a workflow would reach now: who receives what, who is skipped and why; nothing is sent.
// Saved workflows and the editor's unsaved drafts go through the same path, so the editor previews what saving would run.
import { and, asc, count, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { tsParam, type Db } from '../db/client.ts';
import { contacts } from '../db/schema/index.ts';
import { matchingContacts } from '../segments/evaluate-segment.ts';
import { recentMarketingSends } from '../outbound/recent-marketing-sends.ts';
import { dryRun, renderLanguages, type ContactFacts, type DryRunResult, type WorkflowDefinition } from '../../workflows/index.ts';
import { contactFacts } from './build-facts.ts';
import { loadWorkflow } from './workflow-store.ts';
import { loadWorkspace, withWorkspaceDefaults, type EngineWorkspace } from './workspace-settings.ts';

type ContactRow = typeof contacts.$inferSelect;

export interface PreviewOptions {
  /** Holdout groups are drawn per workflow id; an unsaved workflow previews under a stand-in id. */
  workflowId?: string;
  limit: number;
  /** The contact whose messages are rendered in every language; by default the first who would receive one. */
  contactId?: string;
}

export async function previewWorkflow(db: Db, id: string, now: Date, limit: number) {
  const wf = await loadWorkflow(db, id);
  return previewDefinition(db, wf.definition, wf.source, now, { workflowId: id, limit });
}

/** `definition` is already validated; `source` is what the author wrote, to tell "left out" from "set to the default". */
export async function previewDefinition(db: Db, definition: WorkflowDefinition, source: Record<string, unknown>, now: Date, options: PreviewOptions) {
  const ws = await loadWorkspace(db);
  const effective = withWorkspaceDefaults(definition, source, ws);
  const workflowId = options.workflowId ?? 'unsaved-preview';
  const { total, rows } = await audienceRows(db, effective, now, options.limit);
  const { results, facts } = await simulate(db, effective, rows, now, workflowId, ws);
  const byReason: Record<string, number> = {};
  for (const r of results) for (const s of r.skips) byReason[s.reason] = (byReason[s.reason] ?? 0) + 1;
  return {
    workflowId: options.workflowId ?? null,
    at: now,
    /** `audience`: everyone the trigger reaches now; the summary counts the first `limit` of them, walked step by step. */
    summary: {
      audience: total,
      contacts: results.length,
      receives: results.filter((r) => r.outcome === 'receives').length,
      skipped: results.filter((r) => r.outcome === 'skipped').length,
      byReason,
    },
    items: results.map((r) => ({ contactId: r.contactId, name: rows.find((c) => c.id === r.contactId)?.name ?? null, outcome: r.outcome, messages: r.messages, skips: r.skips })),
    sample: await sampleContact(db, effective, { rows, results, facts }, now, workflowId, ws, options.contactId),
  };
}

async function simulate(db: Db, definition: WorkflowDefinition, rows: ContactRow[], now: Date, workflowId: string, ws: EngineWorkspace) {
  const facts = await contactFacts(db, rows);
  const results = dryRun(definition, facts, now, {
    workflowId,
    workspaceZone: ws.timeZone,
    workspace: { name: ws.name, timeZone: ws.timeZone },
    recentSends: Object.fromEntries(
      await recentMarketingSends(
        db,
        rows.map((r) => r.id),
        now,
        definition.settings.frequencyCap?.perDays ?? 7,
      ),
    ),
  });
  return { results, facts };
}

/** One contact's messages in every template language, with the language and channel they would really get. */
interface Simulated {
  rows: ContactRow[];
  results: DryRunResult[];
  facts: ContactFacts[];
}

async function sampleContact(db: Db, definition: WorkflowDefinition, walked: Simulated, now: Date, workflowId: string, ws: EngineWorkspace, contactId?: string) {
  const { rows, results } = walked;
  let row = contactId ? rows.find((r) => r.id === contactId) : (rows.find((r) => results.find((x) => x.contactId === r.id)?.outcome === 'receives') ?? rows[0]);
  let result = results.find((r) => r.contactId === row?.id);
  let facts = walked.facts.find((f) => f.id === row?.id);
  const inAudience = Boolean(row);
  if (!row && contactId) {
    // A contact outside the audience may still be chosen, to see how the text reads for them.
    [row] = await db
      .select()
      .from(contacts)
      .where(and(eq(contacts.id, contactId), isNull(contacts.erasedAt)));
    if (row) {
      const extra = await simulate(db, definition, [row], now, workflowId, ws);
      [result, facts] = [extra.results[0], extra.facts[0]];
    }
  }
  if (!row || !result || !facts) return null;
  const steps = renderLanguages(definition, { contact: facts, now, workspace: { name: ws.name, timeZone: ws.timeZone } }).map((s) => ({
    ...s,
    channel: result.messages.find((m) => m.step === s.step)?.channel ?? null,
  }));
  return { contactId: row.id, name: row.name, language: row.language, inAudience, outcome: result.outcome, skips: result.skips, steps };
}

/** How many contacts the trigger reaches now, and the first `limit` of them. */
async function audienceRows(db: Db, definition: WorkflowDefinition, now: Date, limit: number): Promise<{ total: number; rows: ContactRow[] }> {
  const trigger = definition.trigger;
  if (trigger.type === 'segment_entry') {
    // Segments are evaluated by the pure rules, as the segment scanner does, not in SQL.
    let total = 0;
    const ids: string[] = [];
    for await (const hits of matchingContacts(db, trigger.segment, now)) {
      total += hits.length;
      ids.push(...hits.slice(0, limit - ids.length).map((c) => c.id));
    }
    const rows = ids.length ? await db.select().from(contacts).where(inArray(contacts.id, ids)).orderBy(asc(contacts.id)) : [];
    return { total, rows };
  }
  const where = and(isNull(contacts.erasedAt), audience(definition, now));
  const [counted] = await db.select({ n: count() }).from(contacts).where(where);
  const rows = await db.select().from(contacts).where(where).orderBy(asc(contacts.id)).limit(limit);
  return { total: Number(counted?.n ?? 0), rows };
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
