// Workflow insight: dry-run preview, runs with their step log, stats; complaint scoring, survey answers, webhook secrets.
import { and, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { contacts, RUN_STATUSES, satisfactionResponses, workflowRuns, workflowStepLog } from '../db/schema/index.ts';
import type { AppEnv } from '../http/env.ts';
import { defineRoutes, uuidParam } from '../http/route.ts';
import { withFieldErrors } from '../http/with-field-errors.ts';
import { validateWorkflow } from '../../workflows/index.ts';
import { complaintDetector, complaintModelInfo, type ComplaintModelReport, UNTRAINED_REPORT } from '../complaints/index.ts';
import { webhookSecret } from '../workflows/perform-action.ts';
import { workflowStats } from '../workflows/workflow-stats.ts';
import { issuedCoupons } from '../workflows/issued-coupons.ts';
import { toCsv } from '../lib/to-csv.ts';
import { previewDefinition, previewWorkflow } from '../workflows/workflow-preview.ts';
import { InvalidWorkflow, loadWorkflow, webhookCheck } from '../workflows/workflow-store.ts';

export const app = new Hono<AppEnv>();
const route = defineRoutes(app, 'workflows', '/api');
const marketer = ['marketer'] as ['marketer'];

export const workflowPreviewRoute = route(
  {
    method: 'post',
    path: '/workflows/:id/preview',
    summary: 'Dry run: who would receive what and who is skipped why; nothing is sent',
    access: marketer,
    body: z.object({ limit: z.number().int().min(1).max(1000).default(200) }),
  },
  async (c, { body }) => {
    const services = c.get('services');
    return previewWorkflow(services.database.db, uuidParam(c), services.now(), body.limit);
  },
);

const draftPreview = z.object({
  definition: z.record(z.string(), z.unknown()),
  limit: z.number().int().min(1).max(1000).default(200),
  contactId: z.uuid().optional(),
  /** The saved workflow being edited, so holdout groups match the ones it really draws. */
  workflowId: z.uuid().optional(),
});

export const draftPreviewRoute = route(
  {
    method: 'post',
    path: '/workflows/preview',
    summary: "Dry run of an unsaved definition: audience, skips by reason, the sample contact's messages in every language (422 lists field errors)",
    access: marketer,
    body: draftPreview,
  },
  async (c, { body }) =>
    withFieldErrors(c, async () => {
      const services = c.get('services');
      const checked = validateWorkflow(body.definition, webhookCheck(services.config.webhookAllow));
      if (!checked.ok) throw new InvalidWorkflow(checked.errors);
      return previewDefinition(services.database.db, checked.workflow, body.definition, services.now(), body);
    }),
);

export const workflowRunsRoute = route(
  {
    method: 'get',
    path: '/workflows/:id/runs',
    summary: 'Runs, newest first, each with its step log',
    access: marketer,
    query: z.object({ status: z.enum(RUN_STATUSES).optional(), contactId: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
  },
  async (c, { query }) => {
    const db = c.get('services').database.db;
    const id = uuidParam(c);
    await loadWorkflow(db, id);
    const where: SQL[] = [eq(workflowRuns.workflowId, id)];
    if (query.status) where.push(eq(workflowRuns.status, query.status));
    if (query.contactId) where.push(eq(workflowRuns.contactId, query.contactId));
    const rows = await db
      .select({ run: workflowRuns, contactName: contacts.name })
      .from(workflowRuns)
      .innerJoin(contacts, eq(contacts.id, workflowRuns.contactId))
      .where(and(...where))
      .orderBy(desc(workflowRuns.startedAt), desc(workflowRuns.id))
      .limit(query.limit);
    const runs = rows.map((r) => ({ ...r.run, contactName: r.contactName }));
    const steps = runs.length
      ? await db
          .select()
          .from(workflowStepLog)
          .where(
            inArray(
              workflowStepLog.runId,
              runs.map((r) => r.id),
            ),
          )
          .orderBy(workflowStepLog.id)
      : [];
    return {
      items: runs.map(({ leaseOwner: _o, leaseUntil: _u, ...run }) => ({ ...run, steps: steps.filter((s) => s.runId === run.id).map(({ runId: _r, ...s }) => s) })),
    };
  },
);

route(
  {
    method: 'get',
    path: '/workflows/:id/coupons',
    summary: 'The coupon codes the workflow issued, one per run, for the shop to honour (?format=csv for a file)',
    access: marketer,
    query: z.object({ format: z.enum(['json', 'csv']).default('json') }),
  },
  async (c, { query }) => {
    const db = c.get('services').database.db;
    await loadWorkflow(db, uuidParam(c));
    const items = await issuedCoupons(db, uuidParam(c));
    if (query.format === 'json') return { items };
    const rows = [
      ['code', 'amount', 'expires_at', 'contact_id', 'contact_name', 'issued_at', 'run_status'],
      ...items.map((i) => [i.code, i.amount, i.expiresAt, i.contactId, i.contactName ?? '', i.issuedAt, i.runStatus]),
    ];
    return c.body(toCsv(rows), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="ulak-coupons.csv"' });
  },
);

export const workflowStatsRoute = route(
  {
    method: 'get',
    path: '/workflows/:id/stats',
    summary: 'Sent, delivered, replied, skipped by reason; reactivated vs holdout with lift; `revenue` attributed by last touch, messaged vs held out, with the lift and its 95% interval',
    access: marketer,
  },
  async (c) => workflowStats(c.get('services').database.db, uuidParam(c)),
);

route(
  {
    method: 'post',
    path: '/complaints/score',
    summary: 'Score a text with the complaint detector: the lexicon, then the trained model (`source`, `probability`)',
    access: ['marketer', 'agent'],
    body: z.object({ text: z.string().min(1).max(20_000), language: z.string().max(20).optional() }),
  },
  async (c, { body }) => (await complaintDetector(c.get('services').database)).score(body.text, body.language),
);

route(
  {
    method: 'get',
    path: '/complaints/model',
    summary: 'The complaint model: when it was last trained, on how many examples, its precision and recall on the held-out split',
    access: ['marketer', 'agent'],
  },
  // Before the worker's first fit: `trainedAt` null and no figures, and scoring uses the lexicon alone.
  async (c): Promise<ComplaintModelReport> => (await complaintModelInfo(c.get('services').database.db)) ?? UNTRAINED_REPORT,
);

route(
  {
    method: 'get',
    path: '/satisfaction',
    summary: 'Survey answers (NPS/CSAT) for a conversation or a contact',
    access: ['agent', 'marketer'],
    query: z.object({ conversationId: z.uuid().optional(), contactId: z.uuid().optional() }),
  },
  async (c, { query }) => {
    const where: SQL[] = [];
    if (query.conversationId) where.push(eq(satisfactionResponses.conversationId, query.conversationId));
    if (query.contactId) where.push(eq(satisfactionResponses.contactId, query.contactId));
    return {
      items: await c
        .get('services')
        .database.db.select()
        .from(satisfactionResponses)
        .where(and(...where))
        .orderBy(desc(satisfactionResponses.at))
        .limit(200),
    };
  },
);

route({ method: 'get', path: '/workflows/webhook-secrets/:ref', summary: 'The signing secret for a call_webhook secretRef, to configure the receiver', access: ['admin'] }, async (c) => ({
  secretRef: c.req.param('ref')!,
  secret: webhookSecret(c.get('services').config.secretKey, c.req.param('ref')!),
}));
