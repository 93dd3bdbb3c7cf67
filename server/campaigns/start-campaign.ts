// Starting a campaign: snapshot the template, then materialize one recipient row per matching contact with its due time.
import { eq } from 'drizzle-orm';
import { planCampaign } from '../../workflows/campaigns/plan-campaign.ts';
import { transition } from '../../workflows/campaigns/lifecycle.ts';
import type { Database } from '../db/client.ts';
import { campaignRecipients, campaigns, templates } from '../db/schema/index.ts';
import { AppError, notFound } from '../errors.ts';
import { loadContactFacts } from '../segments/load-contact-facts.ts';
import { matchingContactIds, SEGMENT_BATCH } from '../segments/evaluate-segment.ts';
import { campaignDefinition, loadWorkspace } from './campaign-definition.ts';

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
    const snapshot = { ...row, template: template.definition };
    const definition = campaignDefinition(snapshot, await loadWorkspace(tx));
    let total = 0;
    // The audience comes from the compiled segment query; only its members' facts are loaded, a batch at a time.
    const audience = await matchingContactIds(tx, definition.segment, now);
    for (let i = 0; i < audience.length; i += SEGMENT_BATCH) {
      const facts = await loadContactFacts(tx, audience.slice(i, i + SEGMENT_BATCH));
      const plan = planCampaign(
        row.id,
        definition,
        facts.map((contact) => ({ contact, now })),
        now,
        deps.workspace.timeZone,
      );
      if (plan.sends.length) {
        // The unique (campaign, contact) pair is the exactly-once guard: a repeated start adds nobody twice.
        const inserted = await tx
          .insert(campaignRecipients)
          .values(plan.sends.map((s) => ({ campaignId: row.id, contactId: s.contactId, dueAt: s.sendAt, createdAt: now, updatedAt: now })))
          .onConflictDoNothing()
          .returning({ id: campaignRecipients.id });
        total += inserted.length;
      }
    }
    const [updated] = await tx
      .update(campaigns)
      .set({ status: next.status, template: template.definition, startedAt: now, lastTickAt: now, updatedAt: now })
      .where(eq(campaigns.id, row.id))
      .returning();
    return { campaign: updated!, recipients: total };
  });
}
