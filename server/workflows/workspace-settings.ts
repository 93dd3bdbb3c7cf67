// The workspace settings the engine applies to every workflow: zone, quiet hours, frequency cap, name.
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { workspaces } from '../db/schema/index.ts';
import type { WorkflowDefinition } from '../../workflows/index.ts';

export interface EngineWorkspace {
  name: string;
  timeZone: string;
  quietHours: { start: string; end: string };
  frequencyCap: { max: number; perDays: number };
}

export async function loadWorkspace(db: Db): Promise<EngineWorkspace> {
  const [ws] = await db.select().from(workspaces).where(eq(workspaces.id, 1));
  return {
    name: ws?.name ?? 'Ulak',
    timeZone: ws?.timeZone ?? 'Europe/Istanbul',
    quietHours: ws?.quietHours ?? { start: '21:00', end: '09:00' },
    frequencyCap: ws?.frequencyCap ?? { max: 3, perDays: 7 },
  };
}

/**
 * The definition as the planner should see it: settings the author left out come from the workspace.
 * `source` is what the author saved, so an explicit 21:00–09:00 is not mistaken for "not set".
 */
export function withWorkspaceDefaults(definition: WorkflowDefinition, source: Record<string, unknown>, ws: EngineWorkspace): WorkflowDefinition {
  const given = (source.settings ?? {}) as Record<string, unknown>;
  return {
    ...definition,
    settings: {
      ...definition.settings,
      quietHours: given.quietHours === undefined ? ws.quietHours : definition.settings.quietHours,
      frequencyCap: definition.settings.frequencyCap ?? ws.frequencyCap,
    },
  };
}
