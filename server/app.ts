// The Hono root: shared middleware, one error handler, and every resource mounted with app.route().
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from './errors.ts';
import { errorBody } from './http/error-body.ts';
import { ChannelUnavailable } from './channels/channel-unavailable.ts';
import { isTransientFailure } from '../connectors/is-transient-failure.ts';
import type { AppEnv } from './http/env.ts';
import { securityHeaders } from './http/security-headers.ts';
import { routeRegistry } from './http/route.ts';
import { staticAssets } from './http/static-assets.ts';
import type { Services } from './services.ts';
import { authenticate } from './auth/authenticate.ts';
import { app as auth } from './routes/auth.ts';
import { app as users } from './routes/users.ts';
import { app as workspace } from './routes/workspace.ts';
import { app as channels } from './routes/channels.ts';
import { app as conversations } from './routes/conversations.ts';
import { app as contacts } from './routes/contacts.ts';
import { app as search } from './routes/search.ts';
import { app as events } from './routes/events.ts';
import { app as webhooks } from './routes/webhooks.ts';
import { app as openapi } from './routes/openapi.ts';
import { app as workflows } from './routes/workflows.ts';
import { app as workflowReports } from './routes/workflow-reports.ts';
import { app as templates } from './routes/templates.ts';
import { app as segments } from './routes/segments.ts';
import { app as campaigns } from './routes/campaigns.ts';
import { app as reports } from './routes/reports.ts';
import { app as uploads } from './routes/uploads.ts';
import { app as webhookSubscriptions } from './routes/webhook-subscriptions.ts';
import { app as unsubscribe } from './routes/unsubscribe.ts';
import { app as tracking } from './routes/tracking.ts';
import { app as consents } from './routes/consents.ts';
import { app as suppressions } from './routes/suppressions.ts';
import { app as orders } from './routes/orders.ts';
import { app as integrations } from './routes/integrations.ts';
import { app as value } from './routes/value.ts';
import { app as analytics } from './routes/analytics.ts';
import { app as shopWebhooks } from './routes/shop-webhooks.ts';
import { app as assist } from './routes/assist.ts';
import { app as workspaceAi } from './routes/workspace-ai.ts';
import { app as attributes } from './routes/attributes.ts';
import { app as presence } from './routes/presence.ts';
import { app as macros } from './routes/macros.ts';
import { tooLarge } from './files/store-upload.ts';
import { asUrgent } from './db/pglite-turns.ts';

const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
const defaultWebDist = fileURLToPath(new URL('../web/dist', import.meta.url));

/** `webDist` is the built web app to serve (tests give a small one). */
export function createApp(services: Services, options: { webDist?: string } = {}) {
  const app = new Hono<AppEnv>();

  app.onError((error, c) => {
    if (error instanceof AppError) return c.json(errorBody(error), error.status);
    if (error instanceof ChannelUnavailable) return c.json({ error: { code: error.httpCode, message: error.message } }, error.httpStatus);
    // The database restarting or failing over, contention that outlasted our retries: the same request will do, later.
    if (isTransientFailure(error)) {
      services.log.warn({ err: error, path: c.req.path }, 'a request met a failure that may pass');
      c.header('Retry-After', '5');
      return c.json({ error: { code: 'unavailable', message: 'Ulak cannot reach its database right now; try again in a few seconds' } }, 503);
    }
    services.log.error({ err: error, path: c.req.path }, 'unhandled error');
    return c.json({ error: { code: 'internal', message: 'Something went wrong on our side' } }, 500);
  });
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` } }, 404));

  app.use('*', async (c, next) => {
    c.set('services', services);
    const started = performance.now();
    // Someone is waiting for this answer: on PGlite its statements go before background work still queued.
    await asUrgent(next);
    // Server errors at error level (with the cause already logged by onError); everything else at debug.
    const entry = { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) };
    if (c.res.status >= 500) services.log.error(entry, 'request failed');
    else services.log.debug(entry, 'request');
  });
  app.use('*', securityHeaders({ publicUrl: services.config.publicUrl }));
  const { maxBodyBytes, maxAttachmentBytes } = services.config;
  const jsonLimit = bodyLimit({
    maxSize: maxBodyBytes,
    onError: (c) => c.json({ error: { code: 'payload_too_large', message: `The request body is larger than ${maxBodyBytes} bytes` } }, 413),
  });
  // An upload is one file plus its multipart framing: the file itself is checked exactly once parsed.
  const uploadLimit = bodyLimit({
    maxSize: maxAttachmentBytes + MULTIPART_OVERHEAD_BYTES,
    onError: () => {
      throw tooLarge(maxAttachmentBytes);
    },
  });
  // Routes declared to take a file (an attachment, a CSV of contacts, orders or suppressions) get the attachment size
  // limit, not the JSON body limit: a CSV is easily larger than any JSON body.
  const uploadPaths = new Set(routeRegistry.filter((r) => r.method === 'post' && r.fileField).map((r) => r.path));
  app.use('*', (c, next) => (c.req.method === 'POST' && uploadPaths.has(c.req.path) ? uploadLimit : jsonLimit)(c, next));

  app.get('/healthz', (c) => c.json({ status: 'ok', db: services.database.kind }));
  app.route('/', openapi);
  app.route('/', shopWebhooks); // before the channel webhooks, whose /webhooks/:kind/:channelId would answer 404
  app.route('/', webhooks);
  app.route('/', unsubscribe);
  app.route('/', tracking);
  app.use('/api/*', authenticate);
  for (const sub of [
    auth,
    users,
    workspace,
    channels,
    conversations,
    contacts,
    search,
    events,
    workflows,
    workflowReports,
    templates,
    segments,
    campaigns,
    reports,
    uploads,
    webhookSubscriptions,
    consents,
    suppressions,
    orders,
    integrations,
    value,
    analytics,
    assist,
    workspaceAi,
    attributes,
    presence,
    macros,
  ])
    app.route('/api', sub);
  app.all('/api/*', (c) => c.json({ error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` } }, 404));

  app.route('/', staticAssets(options.webDist ?? defaultWebDist));
  return app;
}
