// Turns a stored campaign row plus workspace settings into the pure core's Campaign model.
import { campaignSchema, type Campaign } from '../../workflows/campaigns/model.ts';
import type { DbOrTx } from '../db/client.ts';
import { eq } from 'drizzle-orm';
import { campaigns, templates, workspaces } from '../db/schema/index.ts';
import { AppError, notFound } from '../errors.ts';
import { parse } from '../http/route.ts';

export type CampaignRow = typeof campaigns.$inferSelect;
export type WorkspaceRow = typeof workspaces.$inferSelect;

/**
 * Quiet hours and the frequency cap are workspace policy, so every campaign obeys the same ones; the holdout is its own.
 * A draft saved before a rule tightened (a number condition holding "abc") is a 422 naming the value, not a 500.
 */
export function campaignDefinition(row: CampaignRow, workspace: Pick<WorkspaceRow, 'quietHours' | 'frequencyCap'>): Campaign {
  if (!row.template) throw new AppError(422, 'no_template', 'The campaign has no template');
  return parse(
    campaignSchema,
    {
      name: row.name,
      segment: row.conditions,
      template: row.template,
      schedule: row.schedule,
      channels: row.channelPolicy.channels,
      settings: { holdoutPercent: row.holdoutPercent, quietHours: workspace.quietHours, frequencyCap: workspace.frequencyCap },
    },
    'campaign',
  );
}

export async function loadWorkspaceRow(db: DbOrTx): Promise<WorkspaceRow> {
  const [ws] = await db.select().from(workspaces).limit(1);
  if (!ws) throw new Error('workspace row missing');
  return ws;
}

/**
 * A draft uses its current template; a started campaign the snapshot it sends. With `variant` (an A/B campaign's key;
 * absent: variant A, whose template stands for the campaign), that variant's template in its place.
 */
export async function loadWithTemplate(db: DbOrTx, id: string, variant?: string): Promise<CampaignRow> {
  const [row] = await db.select().from(campaigns).where(eq(campaigns.id, id));
  if (!row) throw notFound('campaign');
  const chosen = variant === undefined ? undefined : row.variants?.find((v) => v.key === variant);
  if (variant !== undefined && !chosen) {
    throw new AppError(422, 'unknown_variant', row.variants ? `The campaign has no variant ${variant} (it has ${row.variants.map((v) => v.key).join(', ')})` : 'The campaign has no variants');
  }
  const snapshot = chosen ? chosen.template : row.template;
  if (row.status !== 'draft' && snapshot) return { ...row, template: snapshot };
  const templateId = chosen?.templateId ?? row.templateId;
  const [template] = templateId ? await db.select().from(templates).where(eq(templates.id, templateId)) : [];
  if (!template) throw new AppError(422, 'no_template', chosen ? `Variant ${chosen.key}'s template was deleted` : 'Pick a template for the campaign first');
  return { ...row, template: template.definition };
}
