// Dry run over the contacts a workflow would reach now: who receives what, who is skipped and why; nothing is sent.
// Saved workflows and the editor's unsaved drafts go through the same path, so the editor previews what saving would run.
import { and, asc, count, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { tsParam, type Db } from '../db/client.ts';
import { contacts } from '../db/schema/index.ts';
import { matchingContactIds } from '../segments/evaluate-segment.ts';
import { inactiveFor } from './scan-inactivity.ts';
import { recentMarketingSends } from '../outbound/recent-marketing-sends.ts';
import { dryRun, previewVars, renderLanguages, type ContactFacts, type DryRunResult, type WorkflowDefinition } from '../../workflows/index.ts';
import { contactFacts, workflowEventNames } from './build-facts.ts';
import { loadWorkflow } from './workflow-store.ts';
import { greetingsByDay, upcomingGreetings } from './upcoming-dates.ts';
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
  // A date trigger greets each contact at its own time in the coming days, not everyone with the date right now.
  const greetings = effective.trigger.type === 'date_attribute' ? await upcomingGreetings(db, effective.trigger, now, ws.timeZone) : null;
  const { total, rows } = greetings ? { total: greetings.length, rows: greetings.slice(0, options.limit).map((g) => g.row) } : await audienceRows(db, effective, now, options.limit);
  const startAt = new Map(greetings?.map((g) => [g.row.id, g.at]));
  const { results, facts } = await simulate(db, effective, rows, now, workflowId, ws, startAt);
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
    items: results.map((r) => ({
      contactId: r.contactId,
      name: rows.find((c) => c.id === r.contactId)?.name ?? null,
      at: startAt.get(r.contactId) ?? now,
      outcome: r.outcome,
      messages: r.messages,
      skips: r.skips,
    })),
    /** Date triggers: who is greeted on each of the next days, by the day on their own calendar. */
    upcoming: greetings ? greetingsByDay(greetings, now, ws.timeZone) : null,
    sample: await sampleContact(db, effective, { rows, results, facts }, now, workflowId, ws, options.contactId),
  };
}

/** Each contact's run starts at `startAt` (a date trigger's occurrence) or now. */
async function simulate(db: Db, definition: WorkflowDefinition, rows: ContactRow[], now: Date, workflowId: string, ws: EngineWorkspace, startAt = new Map<string, Date>()) {
  const facts = await contactFacts(db, rows, undefined, { names: workflowEventNames(definition), now });
  const options = {
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
  };
  const results = facts.flatMap((f) => dryRun(definition, [f], startAt.get(f.id) ?? now, options));
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
  const vars = previewVars(definition, now);
  const steps = renderLanguages(definition, { contact: facts, now, workspace: { name: ws.name, timeZone: ws.timeZone }, ...(vars && { vars }) }).map((s) => ({
    ...s,
    channel: result.messages.find((m) => m.step === s.step)?.channel ?? null,
  }));
  return { contactId: row.id, name: row.name, language: row.language, inAudience, outcome: result.outcome, skips: result.skips, steps };
}

/** How many contacts the trigger reaches now, and the first `limit` of them. */
async function audienceRows(db: Db, definition: WorkflowDefinition, now: Date, limit: number): Promise<{ total: number; rows: ContactRow[] }> {
  const trigger = definition.trigger;
  if (trigger.type === 'segment_entry') {
    // The same compiled segment query the segment scanner runs.
    const matching = await matchingContactIds(db, trigger.segment, now);
    const total = matching.length;
    const ids = matching.slice(0, limit);
    const rows = ids.length ? await db.select().from(contacts).where(inArray(contacts.id, ids)).orderBy(asc(contacts.id)) : [];
    return { total, rows };
  }
  const where = and(isNull(contacts.erasedAt), audience(definition, now));
  const [counted] = await db.select({ n: count() }).from(contacts).where(where);
  const rows = await db.select().from(contacts).where(where).orderBy(asc(contacts.id)).limit(limit);
  return { total: Number(counted?.n ?? 0), rows };
}

/** Inactivity looks at the inactive; everything else (date triggers apart) at all contacts. */
function audience(definition: WorkflowDefinition, now: Date): SQL {
  const trigger = definition.trigger;
  if (trigger.type === 'inactivity') {
    return inactiveFor(trigger.days, now);
  }
  return sql`true`;
}
