// Channel accounts: create (secrets encrypted, shown masked), change, activate, test, pairing state.
import { randomBytes } from 'node:crypto';
import { and, count, eq, ne } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { channels, conversations } from '../db/schema/index.ts';
import { refusalAtSave } from '../egress/index.ts';
import { AppError, notFound } from '../errors.ts';
import type { AppEnv } from '../http/env.ts';
import { defineRoutes, uuidParam } from '../http/route.ts';
import { maskedConfig, mergeSecrets, openSecrets, sealSecrets, splitSecrets } from '../channels/channel-secrets.ts';
import { audit } from '../events/audit.ts';
import { fieldIssues } from '../http/error-body.ts';
import type { Services } from '../services.ts';
import { CHANNEL_KINDS } from '../../connectors/channel-kinds.ts';

export const app = new Hono<AppEnv>();
const route = defineRoutes(app, 'channels', '/api');

type Row = typeof channels.$inferSelect;

function view(services: Services, row: Row) {
  const secrets = openSecrets(services.config.secretKey, row.secrets);
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    active: row.active,
    config: maskedConfig(row.config, secrets),
    health: row.health,
    ...(row.kind === 'api' ? { inboundUrl: `${services.config.publicUrl}/api/channels/${row.id}/inbound` } : {}),
    ...(['sms', 'telegram'].includes(row.kind) ? { webhookUrl: webhookUrlFor(services, row) } : {}),
    createdAt: row.createdAt,
  };
}

function webhookUrlFor(services: Services, row: Row) {
  return row.kind === 'sms' ? `${services.config.publicUrl}/webhooks/twilio/${row.id}/sms` : `${services.config.publicUrl}/webhooks/telegram/${row.id}`;
}

/** Validates a config with the connector's schema; zod's message names the field. */
async function validateConfig(services: Services, kind: string, config: Record<string, unknown>) {
  const driver = await services.runtime.driver(kind);
  if (!driver) throw new AppError(422, 'channel_kind_unavailable', `No connector is installed for ${kind} channels`);
  const parsed = driver.configSchema.safeParse(config);
  if (!parsed.success) {
    throw new AppError(422, 'invalid_config', parsed.error.issues.map((i) => `config.${i.path.join('.')}: ${i.message}`).join('; '), fieldIssues(parsed.error.issues, 'config'));
  }
  // Literal private addresses and localhost are refused now; a host name is checked again when each webhook is sent.
  for (const { field, url } of driver.webhookUrls?.(parsed.data) ?? []) {
    const refusal = refusalAtSave(url, services.config.webhookAllow);
    if (refusal) throw new AppError(422, 'destination_not_allowed', `config.${field}: ${refusal}`);
  }
  return { driver, config: parsed.data as Record<string, unknown> };
}

/** Starts a pulling channel in this process when it runs workers; failures show up as channel health. */
async function startIfPulling(services: Services, row: Row) {
  if (!row.active || !services.runsWorkers || !(await services.runtime.driver(row.kind))?.pulls) return;
  void services.runtime.startPulling(row.id).catch((error) => services.log.warn({ err: error, channelId: row.id }, 'channel did not start'));
}

route({ method: 'get', path: '/channels', summary: 'List channels (secrets masked)', access: ['agent', 'marketer'] }, async (c) => {
  const services = c.get('services');
  const rows = await services.database.db.select().from(channels).orderBy(channels.createdAt);
  return { items: rows.map((r) => view(services, r)) };
});

export const createChannelRoute = route(
  {
    method: 'post',
    path: '/channels',
    summary: 'Create a channel; an API channel returns its signing secret once',
    access: ['admin'],
    status: 201,
    body: z.object({ kind: z.enum(CHANNEL_KINDS), name: z.string().trim().min(1).max(100), config: z.record(z.string(), z.unknown()).default({}), active: z.boolean().default(true) }),
  },
  async (c, { body, user }) => {
    const services = c.get('services');
    const generated = body.kind === 'api' ? { secret: randomBytes(24).toString('base64url') } : {};
    const { driver, config } = await validateConfig(services, body.kind, { ...body.config, ...generated });
    const { plain, secrets } = splitSecrets(config, driver.secretFields);
    const [row] = await services.database.db
      .insert(channels)
      .values({ kind: body.kind, name: body.name, config: plain, secrets: sealSecrets(services.config.secretKey, secrets), active: body.active })
      .returning();
    await audit(services.database.db, user.id, 'channel.created', 'channel', row!.id, { kind: body.kind });
    await startIfPulling(services, row!);
    return { ...view(services, row!), ...(generated.secret ? { secret: generated.secret } : {}) };
  },
);

async function load(services: Services, id: string) {
  const [row] = await services.database.db.select().from(channels).where(eq(channels.id, id));
  if (!row) throw notFound('channel');
  return row;
}

export const channelRoute = route({ method: 'get', path: '/channels/:id', summary: 'One channel with its health (connected, last event, last error)', access: ['agent', 'marketer'] }, async (c) => {
  const services = c.get('services');
  return view(services, await load(services, uuidParam(c)));
});

route(
  {
    method: 'patch',
    path: '/channels/:id',
    summary: 'Rename, reconfigure (omitted or masked secrets are kept) or (de)activate',
    access: ['admin'],
    body: z.object({ name: z.string().trim().min(1).max(100).optional(), config: z.record(z.string(), z.unknown()).optional(), active: z.boolean().optional() }),
  },
  async (c, { body, user }) => {
    const services = c.get('services');
    const row = await load(services, uuidParam(c));
    const current = mergeSecrets(row.config, openSecrets(services.config.secretKey, row.secrets));
    const incoming = stripMasked(body.config ?? {});
    const { driver, config } = await validateConfig(services, row.kind, deepMerge(current, incoming));
    const { plain, secrets } = splitSecrets(config, driver.secretFields);
    const [updated] = await services.database.db
      .update(channels)
      .set({ name: body.name ?? row.name, config: plain, secrets: sealSecrets(services.config.secretKey, secrets), active: body.active ?? row.active, updatedAt: new Date() })
      .where(eq(channels.id, row.id))
      .returning();
    await services.runtime.invalidate(row.id);
    await services.runtime.announceChange(row.id, 'updated');
    await audit(services.database.db, user.id, 'channel.updated', 'channel', row.id, { fields: Object.keys(body) });
    await startIfPulling(services, updated!);
    return view(services, updated!);
  },
);

route(
  {
    method: 'delete',
    path: '/channels/:id',
    summary: 'Delete a channel (its messages stay); 409 channel_in_use with openConversations while any conversation on it is not resolved',
    access: ['admin'],
  },
  async (c, { user }) => {
    const services = c.get('services');
    const row = await load(services, uuidParam(c));
    // A conversation left without its channel cannot be answered: refuse until they are resolved (or moved by replying elsewhere).
    const [open] = await services.database.db
      .select({ n: count() })
      .from(conversations)
      .where(and(eq(conversations.channelId, row.id), ne(conversations.status, 'resolved')));
    if (open!.n > 0) {
      throw new AppError(409, 'channel_in_use', `${open!.n} open conversation(s) use this channel; resolve them before deleting it`, { openConversations: open!.n });
    }
    const live = await services.runtime.instance(row.id).catch(() => undefined);
    await live?.channel.logout?.().catch(() => {});
    await services.runtime.invalidate(row.id);
    await services.database.db.delete(channels).where(eq(channels.id, row.id));
    await services.runtime.announceChange(row.id, 'deleted');
    await audit(services.database.db, user.id, 'channel.deleted', 'channel', row.id, { kind: row.kind, name: row.name });
    return { ok: true };
  },
);

route({ method: 'post', path: '/channels/:id/activate', summary: 'Start the channel (and register its webhook with the provider)', access: ['admin'] }, async (c) => {
  const services = c.get('services');
  const row = await load(services, uuidParam(c));
  if (!row.active) await services.database.db.update(channels).set({ active: true }).where(eq(channels.id, row.id));
  const live = await services.runtime.instance(row.id);
  try {
    await live.channel.activate?.();
    // Only a process that runs workers holds a pulling channel: a `serve` process that took the lock would keep a
    // WhatsApp session whose replies no worker routes. Split deployments' workers start it on their next pass.
    if (live.driver.pulls && services.runsWorkers) await services.runtime.startPulling(row.id);
  } catch (error) {
    throw new AppError(502, 'activation_failed', `The channel could not start: ${(error as Error).message}`);
  }
  return view(services, await load(services, row.id));
});

export const testChannelRoute = route({ method: 'post', path: '/channels/:id/test', summary: 'Check credentials and connectivity; reports exactly what failed', access: ['admin'] }, async (c) => {
  const services = c.get('services');
  const row = await load(services, uuidParam(c));
  const live = await services.runtime.instance(row.id);
  if (!live.channel.test) return { ok: true, checks: [{ name: 'configuration', ok: true, message: 'This channel has nothing to connect to' }] };
  return live.channel.test();
});

export const pairingRoute = route({ method: 'get', path: '/channels/:id/pairing', summary: 'WhatsApp pairing state: the QR string or pairing code', access: ['admin'] }, async (c) => {
  const services = c.get('services');
  const row = await load(services, uuidParam(c));
  const details = (row.health.details ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return { state: text(row.health.state) ?? 'stopped', qr: text(details.qr), pairingCode: text(details.pairingCode), lastError: text(row.health.lastError) };
});

function stripMasked(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) {
    if (typeof v === 'string' && v.startsWith('••••')) continue;
    out[k] = v && typeof v === 'object' && !Array.isArray(v) ? stripMasked(v as Record<string, unknown>) : v;
  }
  return out;
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && prev && typeof prev === 'object' ? deepMerge(prev as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}
