// Starting a campaign: snapshot the template, then materialize one recipient row per matching contact with its due time.
import { eq, inArray } from 'drizzle-orm';
import { describeMissing, type TemplateCheck, TemplateCheckTally } from '../../workflows/campaigns/template-check.ts';
import { transition } from '../../workflows/campaigns/lifecycle.ts';
import { holdout } from '../../workflows/guards/holdout.ts';
import { assignVariant, inTestPhase } from '../../workflows/guards/variant-split.ts';
import type { VariantKey } from '../../workflows/campaigns/ab-test.ts';
import type { TemplateDefinition } from '../../workflows/model.ts';
import type { Database } from '../db/client.ts';
import { type CampaignRow } from './campaign-definition.ts';
import type { DbOrTx } from '../db/client.ts';
import { campaignRecipients, campaigns, type CampaignVariant, templates } from '../db/schema/index.ts';
import { AppError, notFound } from '../errors.ts';
import { campaignAudience } from './campaign-audience.ts';
import { campaignDefinition, loadWorkspaceRow } from './campaign-definition.ts';

export interface StartDeps {
  database: Database;
  now(): Date;
  workspace: { timeZone: string };
}

export async function startCampaign(deps: StartDeps, campaignId: string) {
  return deps.database.db.transaction(async (tx) => {
    const [row] = await tx.select().from(campaigns).where(eq(campaigns.id, campaignId)).for('update');
    if (!row) throw notFound('campaign');
    // A campaign for later is `scheduled` until its first recipient falls due; the tick then marks it running.
    const next = transition(row.status, row.schedule.mode === 'now' ? 'start' : 'schedule');
    if (!next.ok) throw new AppError(409, 'invalid_transition', next.error);
    if (!row.templateId) throw new AppError(422, 'no_template', 'Pick a template before starting the campaign');
    const [template] = await tx.select().from(templates).where(eq(templates.id, row.templateId));
    if (!template) throw new AppError(422, 'no_template', "The campaign's template was deleted");
    const now = deps.now();
    const variants = await snapshotVariants(tx, row);
    const snapshot = { ...row, template: template.definition };
    const workspace = await loadWorkspaceRow(tx);
    const definition = campaignDefinition(snapshot, workspace);
    // Nobody gets a blank where a variable had no value: the whole audience is checked before anyone is added, against
    // every variant's template when there are variants (the remainder may get any of them).
    const checks = (variants ?? [{ key: null, template: definition.template }]).map((v) => ({ variant: v.key, tally: new TemplateCheckTally(v.template!) }));
    let total = 0;
    let heldOut = 0;
    for await (const page of campaignAudience(tx, row.id, definition, now, deps.workspace.timeZone)) {
      // The holdout is drawn as workflows draw theirs (hash of campaign and contact): held out from the start, never
      // sent, so only those who will be messaged need their template variables.
      const isHeldOut = (contactId: string) => holdout(row.id, contactId, row.holdoutPercent);
      for (const s of page.sends) {
        if (!isHeldOut(s.contactId)) for (const check of checks) check.tally.add({ contact: page.facts.get(s.contactId)!, now, workspace: { name: workspace.name, timeZone: workspace.timeZone } });
      }
      if (page.sends.length) {
        // The unique (campaign, contact) pair is the exactly-once guard: a repeated start adds nobody twice.
        const inserted = await tx
          .insert(campaignRecipients)
          .values(
            page.sends.map((s) => ({
              campaignId: row.id,
              contactId: s.contactId,
              dueAt: s.sendAt,
              createdAt: now,
              updatedAt: now,
              ...(isHeldOut(s.contactId) ? { status: 'held_out' as const } : variants && abSplit(row, variants, s.contactId)),
            })),
          )
          .onConflictDoNothing()
          .returning({ id: campaignRecipients.id, status: campaignRecipients.status });
        total += inserted.length;
        heldOut += inserted.filter((r) => r.status === 'held_out').length;
      }
    }
    const failed = checks.map((c) => ({ variant: c.variant, check: c.tally.result() })).filter((c) => !c.check.ok);
    if (failed.length) throw templateVariableMissing(failed);
    const [updated] = await tx
      .update(campaigns)
      .set({ status: next.status, template: template.definition, variants, startedAt: now, lastTickAt: now, updatedAt: now })
      .where(eq(campaigns.id, row.id))
      .returning();
    return { campaign: updated!, recipients: total, heldOut };
  });
}

/** Each variant with its template copied, so editing a template later does not change a running test. */
async function snapshotVariants(tx: DbOrTx, row: CampaignRow): Promise<CampaignVariant[] | null> {
  if (!row.variants) return null;
  const found = await tx
    .select()
    .from(templates)
    .where(
      inArray(
        templates.id,
        row.variants.map((v) => v.templateId),
      ),
    );
  return row.variants.map((v) => {
    const template: TemplateDefinition | undefined = found.find((t) => t.id === v.templateId)?.definition;
    if (!template) throw new AppError(422, 'no_template', `Variant ${v.key}'s template was deleted`);
    return { ...v, template };
  });
}

/** A test recipient gets their drawn variant now; the rest of the audience waits for the winner (with a test share). */
function abSplit(row: CampaignRow, variants: CampaignVariant[], contactId: string) {
  if (!inTestPhase(row.id, contactId, row.abTest?.testPercent)) return { status: 'awaiting_winner' as const, abPhase: 'remainder' as const };
  return { variant: assignVariant(row.id, contactId, variants).key, abPhase: 'test' as const };
}

/**
 * 422 naming each variable and how many contacts lack it, and for an A/B campaign each variant whose template does;
 * `fields` lets the screen word it beside the template.
 */
export function templateVariableMissing(failed: Array<{ variant: VariantKey | null; check: TemplateCheck }>): AppError {
  const words = failed.map(({ variant, check }) => `${variant ? `variant ${variant}'s template` : 'the template'} would leave blanks: ${describeMissing(check)}`);
  return new AppError(
    422,
    'template_variable_missing',
    words.map((w, i) => (i ? w : w[0]!.toUpperCase() + w.slice(1))).join('; '),
    failed.flatMap(({ variant, check }) =>
      check.missing.map((m) => ({ path: 'template', code: 'template_variable_missing', variable: m.variable, contacts: m.contacts, ...(variant && { variant }) })),
    ),
  );
}
