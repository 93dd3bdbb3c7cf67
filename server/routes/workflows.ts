// Workflows API: list, create from a definition or a preset, edit (new version), enable/disable, delete.
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { teams } from '../db/schema/index.ts';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../http/env.ts';
import { defineRoutes, uuidParam } from '../http/route.ts';
import { withFieldErrors as saving } from '../http/with-field-errors.ts';
import { PRESETS, presetDefinition, presetOptions, type PresetName } from '../workflows/preset-input.ts';
import { createWorkflow, deleteWorkflow, editWorkflow, listWorkflows, loadWorkflow, setEnabled, webhookCheck } from '../workflows/workflow-store.ts';

export const app = new Hono<AppEnv>();
const route = defineRoutes(app, 'workflows', '/api');
const marketer = ['marketer'] as ['marketer'];
const definitionBody = z.record(z.string(), z.unknown());

export const listWorkflowsRoute = route({ method: 'get', path: '/workflows', summary: 'List workflows', access: marketer }, async (c) => ({
  items: await listWorkflows(c.get('services').database.db),
}));

export const createWorkflowRoute = route(
  { method: 'post', path: '/workflows', summary: 'Create a workflow from a definition (422 lists validation errors)', access: marketer, status: 201, body: definitionBody },
  async (c, { body, user }) => {
    const { enabled, ...definition } = body;
    const services = c.get('services');
    return saving(c, () => createWorkflow(services.database.db, definition, { userId: user.id, enabled: enabled === true, ...webhookCheck(services.config.webhookAllow) }));
  },
);

route(
  {
    method: 'post',
    path: '/workflows/presets/:name',
    summary:
      'Create a preset (birthday, reactivation, complaint, satisfaction, thank-you, abandoned-cart, vip-offer, churn-win-back) as a disabled draft unless `enabled: true`; `name` and `labels` name it and its labels in the workspace language',
    access: marketer,
    status: 201,
    body: presetOptions,
  },
  async (c, { body, user }) => {
    const name = c.req.param('name') as PresetName;
    if (!PRESETS.includes(name)) throw new AppError(404, 'not_found', `No preset "${name}"; presets are ${PRESETS.join(', ')}`);
    const db = c.get('services').database.db;
    // A team named that does not exist would be saved and then fail every run at its assign or escalation step.
    for (const key of ['teamId', 'escalateToTeamId'] as const) {
      const teamId = body[key];
      if (teamId && !(await db.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId))).length) {
        throw new AppError(422, 'unknown_team', `${key} does not name a team`);
      }
    }
    const definition = (await presetDefinition(db, name, body)) as Record<string, unknown>;
    if (body.name) definition.name = body.name;
    return saving(c, () => createWorkflow(db, definition, { userId: user.id, preset: name, enabled: body.enabled }));
  },
);

export const workflowRoute = route(
  { method: 'get', path: '/workflows/:id', summary: 'A workflow with its current version (`source`: the definition as written, before defaults)', access: marketer },
  async (c) => loadWorkflow(c.get('services').database.db, uuidParam(c)),
);

route({ method: 'patch', path: '/workflows/:id', summary: 'Edit: merged over the current definition and saved as a new version', access: marketer, body: definitionBody }, async (c, { body, user }) =>
  saving(c, () => editWorkflow(c.get('services').database.db, uuidParam(c), body, { userId: user.id, ...webhookCheck(c.get('services').config.webhookAllow) })),
);

route({ method: 'delete', path: '/workflows/:id', summary: 'Delete a workflow (runs under way stop; history stays)', access: marketer }, async (c) => {
  const services = c.get('services');
  await deleteWorkflow(services.database.db, uuidParam(c), services.now());
  return { ok: true };
});

route({ method: 'post', path: '/workflows/:id/enable', summary: 'Enable a workflow', access: marketer }, async (c) => setEnabled(c.get('services').database.db, uuidParam(c), true));
route({ method: 'post', path: '/workflows/:id/disable', summary: 'Disable a workflow (no new runs; runs under way are held until it is enabled again)', access: marketer }, async (c) =>
  setEnabled(c.get('services').database.db, uuidParam(c), false),
);
