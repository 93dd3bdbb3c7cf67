// Campaigns: draft CRUD, start/pause/resume/cancel, and progress stats.
import { desc, eq, inArray } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { campaignScheduleSchema } from '../../workflows/campaigns/model.ts';
import { abTestSchema, VARIANT_KEYS, variantsSchema } from '../../workflows/campaigns/ab-test.ts';
import { conditionSchema } from '../../workflows/conditions/schema.ts';
import { campaignRevenue } from '../attribution/index.ts';
import { abTestReport, campaignStats, commandCampaign, pickWinner, previewCampaign, startCampaign, testSendCampaign, variantStats } from '../campaigns/index.ts';
import { reportedStatus } from '../../workflows/campaigns/lifecycle.ts';
import { channelOrderSchema } from '../../workflows/model.ts';
import type { DbOrTx } from '../db/client.ts';
import { campaigns, channels, segments, templates } from '../db/schema/index.ts';
import { AppError, invalidField, notFound } from '../errors.ts';
import type { AppEnv } from '../http/env.ts';
import { defineRoutes, uuidParam } from '../http/route.ts';

export const app = new Hono<AppEnv>();
const route = defineRoutes(app, 'campaigns', '/api');

/** The A/B variant to preview or test (default A); any key the campaign lacks is `422 unknown_variant`, said in one place. */
const variantParam = z.string().trim().min(1).max(8).optional();

const campaignBody = z.object({
  name: z.string().trim().min(1).max(200),
  /** A saved segment (its conditions are copied) or conditions written inline. */
  segmentId: z.uuid().optional(),
  conditions: conditionSchema.optional(),
  /** The campaign's one template; with `variants`, leave it out (variant A's template stands for the campaign). */
  templateId: z.uuid().optional(),
  /** A/B test: 2–4 variants `{ key: "A"–"D", templateId, weight? }`, split by a hash of campaign and contact by weight. */
  variants: variantsSchema.optional(),
  /** How the A/B winner is chosen: `{ metric: "reply" | "click" | "conversion", testPercent?, decideAfterHours? }`. */
  abTest: abTestSchema.optional(),
  channelPolicy: z.object({
    channelIds: z.array(z.uuid()).min(1).max(10),
    /** The channel kinds in order (`['email', 'sms']`) or `'preferred'`, replacing the policy's order; absent = the policy. */
    channels: channelOrderSchema.optional(),
  }),
  schedule: campaignScheduleSchema,
  throttlePerSecond: z.number().int().min(1).max(1_000).default(10),
  /** `html`: the body is HTML, sent with a plain-text part made from it; `text`: never HTML; absent: HTML when the body looks like it. */
  format: z.enum(['text', 'html']).nullable().optional(),
  /** Percent of the audience held out (never sent) to measure the campaign's lift against. */
  holdoutPercent: z.number().int().min(0).max(50).default(0),
  /** Days after a message (or the start, for the held out) in which an order is attributed to the campaign. */
  conversionWindowDays: z.number().int().min(1).max(90).default(7),
});
type CampaignBody = z.infer<typeof campaignBody>;

/** Resolves references and snapshots the segment, so later edits to the segment do not move this campaign's audience. */
async function toValues(db: DbOrTx, body: CampaignBody) {
  if (Boolean(body.segmentId) === Boolean(body.conditions)) throw invalidField(['segmentId', 'conditions'], 'give exactly one of segmentId or conditions');
  let conditions = body.conditions;
  if (body.segmentId) {
    const [segment] = await db.select().from(segments).where(eq(segments.id, body.segmentId));
    if (!segment) throw new AppError(422, 'unknown_segment', 'That segment does not exist');
    conditions = segment.conditions;
  }
  const templateId = await checkTemplates(db, body);
  const found = await db.select({ id: channels.id, kind: channels.kind }).from(channels).where(inArray(channels.id, body.channelPolicy.channelIds));
  if (found.length !== new Set(body.channelPolicy.channelIds).size) throw new AppError(422, 'unknown_channel', 'A channel in the policy does not exist');
  const order = body.channelPolicy.channels;
  const unserved = Array.isArray(order) ? order.filter((kind) => !found.some((c) => c.kind === kind)) : [];
  if (unserved.length) throw new AppError(422, 'unknown_channel', `The channel order names ${unserved.join(', ')}, but none of the campaign's channels is one`);
  return {
    name: body.name,
    segmentId: body.segmentId ?? null,
    conditions: conditions!,
    templateId,
    variants: body.variants ?? null,
    abTest: body.abTest ?? null,
    channelPolicy: body.channelPolicy,
    schedule: body.schedule,
    throttlePerSecond: body.throttlePerSecond,
    format: body.format ?? null,
    holdoutPercent: body.holdoutPercent,
    conversionWindowDays: body.conversionWindowDays,
  };
}

/** One template, or 2–4 variants each with its own template and an A/B setting to choose the winner by; the campaign's templateId. */
async function checkTemplates(db: DbOrTx, body: CampaignBody): Promise<string> {
  if (body.variants && body.templateId) throw invalidField(['templateId', 'variants'], 'give either templateId or variants, not both (each variant names its template)');
  if (body.abTest && !body.variants) throw invalidField('variants', 'abTest needs variants to test');
  if (body.variants && !body.abTest) throw invalidField('abTest', 'variants need abTest: which metric (reply, click or conversion) chooses the winner');
  const wanted = body.variants?.map((v) => ({ label: `variant ${v.key}'s template`, id: v.templateId })) ?? (body.templateId ? [{ label: 'That template', id: body.templateId }] : []);
  if (!wanted.length) throw invalidField(['templateId', 'variants'], 'give a templateId, or variants for an A/B test');
  const found = await db
    .select({ id: templates.id })
    .from(templates)
    .where(
      inArray(
        templates.id,
        wanted.map((w) => w.id),
      ),
    );
  const missing = wanted.find((w) => !found.some((t) => t.id === w.id));
  if (missing) throw new AppError(422, 'unknown_template', `${missing.label[0]!.toUpperCase()}${missing.label.slice(1)} does not exist`);
  return wanted[0]!.id;
}

async function load(db: DbOrTx, id: string) {
  const [row] = await db.select().from(campaigns).where(eq(campaigns.id, id));
  if (!row) throw notFound('campaign');
  return row;
}

export const listCampaignsRoute = route({ method: 'get', path: '/campaigns', summary: 'List campaigns', access: ['marketer'] }, async (c) => ({
  items: await c.get('services').database.db.select().from(campaigns).orderBy(desc(campaigns.createdAt)),
}));

route({ method: 'get', path: '/campaigns/:id', summary: 'A campaign', access: ['marketer'] }, async (c) => load(c.get('services').database.db, uuidParam(c)));

export const createCampaignRoute = route({ method: 'post', path: '/campaigns', summary: 'Create a draft campaign', access: ['marketer'], status: 201, body: campaignBody }, async (c, { body }) => {
  const db = c.get('services').database.db;
  const [row] = await db
    .insert(campaigns)
    .values(await toValues(db, body))
    .returning();
  return row;
});

route({ method: 'put', path: '/campaigns/:id', summary: 'Replace a draft campaign', access: ['marketer'], body: campaignBody }, async (c, { body }) => {
  const services = c.get('services');
  const row = await load(services.database.db, uuidParam(c));
  if (row.status !== 'draft') throw new AppError(409, 'not_draft', `A ${row.status} campaign cannot be edited`);
  const [updated] = await services.database.db
    .update(campaigns)
    .set({ ...(await toValues(services.database.db, body)), updatedAt: services.now() })
    .where(eq(campaigns.id, row.id))
    .returning();
  return updated;
});

route({ method: 'delete', path: '/campaigns/:id', summary: 'Delete a campaign that is not sending', access: ['marketer'] }, async (c) => {
  const db = c.get('services').database.db;
  const row = await load(db, uuidParam(c));
  if (!['draft', 'completed', 'cancelled'].includes(row.status)) throw new AppError(409, 'campaign_active', `Cancel the ${row.status} campaign first`);
  await db.delete(campaigns).where(eq(campaigns.id, row.id));
  return { ok: true };
});

export const startCampaignRoute = route({ method: 'post', path: '/campaigns/:id/start', summary: 'Start (or schedule) a campaign: its recipients are fixed now', access: ['marketer'] }, async (c) => {
  return startCampaign(c.get('services'), uuidParam(c));
});

for (const command of ['pause', 'resume', 'cancel'] as const) {
  route({ method: 'post', path: `/campaigns/:id/${command}`, summary: `${command[0]!.toUpperCase()}${command.slice(1)} a campaign`, access: ['marketer'] }, async (c) => {
    return commandCampaign(c.get('services'), uuidParam(c), command);
  });
}

export const campaignStatsRoute = route(
  {
    method: 'get',
    path: '/campaigns/:id/stats',
    summary:
      'Campaign progress: status (`sending` until every message is final, then completed; or scheduled, paused, cancelled) and counts queued, deferred, sent (email: accepted by the mail server), delivered, failed, bounced, cancelled, skipped by reason, held out, replied, opted out; `revenue`: orders attributed by last touch within the conversion window, messaged vs held out, with the lift and its 95% interval; for an A/B campaign `variants` (per variant test group: recipients, sent, replied, clicked, converted, revenue, rate of the metric) and `abTest` (metric, winner, decidedAt, decidedBy, the lift of the winner or leader over the runner-up with its 95% interval, significant)',
    access: ['marketer'],
  },
  async (c) => {
    const db = c.get('services').database.db;
    const row = await load(db, uuidParam(c));
    const revenue = await campaignRevenue(db, row);
    const variants = await variantStats(db, row, revenue.byVariant);
    return { status: reportedStatus(row.status), ...(await campaignStats(db, row.id)), revenue: revenue.report, variants, abTest: abTestReport(row, variants) };
  },
);

export const pickWinnerRoute = route(
  {
    method: 'post',
    path: '/campaigns/:id/winner',
    summary:
      "Choose an A/B campaign's winning variant by hand, before the test's `decideAfterHours` (`409 winner_chosen` once one is chosen); recipients waiting for the winner are queued with its template",
    access: ['marketer'],
    body: z.object({ key: z.enum(VARIANT_KEYS, { error: 'the variant key is A, B, C or D' }) }),
  },
  async (c, { body }) => pickWinner(c.get('services'), uuidParam(c), body.key),
);

export const campaignPreviewRoute = route(
  {
    method: 'post',
    path: '/campaigns/:id/preview',
    summary:
      'Dry run before Start: audience, reachable per channel, quiet-hours deferrals (not skips), skips by reason, a rendered sample (for `contactId` if given) and the template check. For an A/B campaign, `variant` (default A) picks whose message the sample and check show (`422 unknown_variant` for a key the campaign lacks). Nothing is sent.',
    access: ['marketer'],
    body: z.object({ contactId: z.uuid().optional(), variant: variantParam }).default({}),
  },
  async (c, { body }) => previewCampaign(c.get('services'), uuidParam(c), body),
);

export const testSendRoute = route(
  {
    method: 'post',
    path: '/campaigns/:id/test-send',
    summary:
      "Send the campaign's message, filled with a sample contact's values, to the marketer's own address or phone on one of the campaign's channels. Marked as a test, stored nowhere, not counted in the campaign's stats, no consent applies. For an A/B campaign, `variant` (default A) picks which variant's message is sent (`422 unknown_variant` for a key the campaign lacks).",
    access: ['marketer'],
    body: z.object({ to: z.string().trim().min(1).max(320), channelId: z.uuid().optional(), contactId: z.uuid().optional(), variant: variantParam }),
  },
  async (c, { body }) => testSendCampaign(c.get('services'), uuidParam(c), body),
);
