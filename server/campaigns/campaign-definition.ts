// Turns a stored campaign row plus workspace settings into the pure core's Campaign model.
import { campaignSchema, type Campaign } from '../../workflows/campaigns/model.ts';
import type { DbOrTx } from '../db/client.ts';
import { campaigns, workspaces } from '../db/schema/index.ts';
import { AppError } from '../errors.ts';

export type CampaignRow = typeof campaigns.$inferSelect;
export type WorkspaceRow = typeof workspaces.$inferSelect;

/** Quiet hours and the frequency cap are workspace policy, so every campaign obeys the same ones. */
export function campaignDefinition(row: CampaignRow, workspace: Pick<WorkspaceRow, 'quietHours' | 'frequencyCap'>): Campaign {
  if (!row.template) throw new AppError(422, 'no_template', 'The campaign has no template');
  return campaignSchema.parse({
    name: row.name,
    segment: row.conditions,
    template: row.template,
    schedule: row.schedule,
    settings: { holdoutPercent: 0, quietHours: workspace.quietHours, frequencyCap: workspace.frequencyCap },
  });
}

export async function loadWorkspace(db: DbOrTx): Promise<WorkspaceRow> {
  const [ws] = await db.select().from(workspaces).limit(1);
  if (!ws) throw new Error('workspace row missing');
  return ws;
}
