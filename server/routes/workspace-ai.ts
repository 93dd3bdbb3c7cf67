// The workspace's own model (OpenAI-compatible, off by default): settings, and a test call that says what failed.
import { Hono } from 'hono';
import { z } from 'zod';
import { AppError, invalidField } from '../errors.ts';
import type { AppEnv } from '../http/env.ts';
import { defineRoutes } from '../http/route.ts';
import { refusalAtSave } from '../egress/index.ts';
import { NOT_HTTP_URL, parseHttpUrl } from '../lib/http-url.ts';
import { loadAiSettings, mayUseModel, modelCall, presentAiSettings, saveAiSettings, testModel } from '../assist/index.ts';
import { ASSIST_ROLES } from '../db/schema/index.ts';

export const app = new Hono<AppEnv>();
const route = defineRoutes(app, 'assist', '/api');

const baseUrl = z.string().trim().max(2_000);
const model = z.string().trim().max(200);
const apiKey = z.string().max(4_000).nullable();

const aiBody = z.object({
  enabled: z.boolean(),
  baseUrl: baseUrl.default(''),
  model: model.default(''),
  /** Absent keeps the stored key; null or '' removes it. */
  apiKey: apiKey.optional(),
  maskPii: z.boolean().default(true),
  /** The roles whose users may use the model; absent keeps the stored list (both at first). */
  roles: z.array(z.enum(ASSIST_ROLES)).max(ASSIST_ROLES.length).optional(),
});

/** Unsaved values to test in place of the stored ones: an admin tries a setup before turning it on for everyone. */
const testBody = z.object({ baseUrl: baseUrl.optional(), model: model.optional(), apiKey: apiKey.optional() });

export const aiSettingsRoute = route({ method: 'get', path: '/workspace/ai', summary: "The workspace's model settings (the API key is never returned)", access: ['admin'] }, async (c) => {
  const services = c.get('services');
  return presentAiSettings(await loadAiSettings(services.database.db, services.config.secretKey));
});

export const aiAvailabilityRoute = route(
  { method: 'get', path: '/workspace/ai/availability', summary: "Whether I may use the workspace's model now: it is on and open to one of my roles", access: 'user' },
  async (c, { user }) => {
    const services = c.get('services');
    const settings = await loadAiSettings(services.database.db, services.config.secretKey);
    return { available: settings.enabled && mayUseModel(settings, user.roles) };
  },
);

export const saveAiSettingsRoute = route(
  {
    method: 'put',
    path: '/workspace/ai',
    summary: "Set the workspace's OpenAI-compatible model: base URL, model, API key (sealed at rest), PII masking, the roles that may use it",
    access: ['admin'],
    body: aiBody,
  },
  async (c, { body }) => {
    const services = c.get('services');
    if (body.enabled && (!body.baseUrl || !body.model))
      throw invalidField([...(body.baseUrl ? [] : ['baseUrl']), ...(body.model ? [] : ['model'])], 'baseUrl and model are required to turn the model on');
    if (body.baseUrl) {
      const why = refusalAtSave(body.baseUrl, services.config.webhookAllow);
      if (why) throw invalidField('baseUrl', `baseUrl: ${why}`);
    }
    await saveAiSettings(services.database.db, services.config.secretKey, { ...body, roles: body.roles && [...new Set(body.roles)] }, services.now());
    return presentAiSettings(await loadAiSettings(services.database.db, services.config.secretKey));
  },
);

export const testAiRoute = route(
  {
    method: 'post',
    path: '/workspace/ai/test',
    summary:
      'Call the model with a tiny prompt, with the stored settings or the baseUrl, model and apiKey given (nothing is saved); answers ok, or the exact failure (DNS, refused, timeout, 401, unknown model, bad JSON)',
    access: ['admin'],
    body: testBody,
  },
  async (c, { body }) => {
    const services = c.get('services');
    // The URL typed into the form, before anything is called: the save would refuse it the same way.
    if (body.baseUrl && !parseHttpUrl(body.baseUrl)) throw invalidField('baseUrl', `baseUrl: ${NOT_HTTP_URL}`);
    const stored = await loadAiSettings(services.database.db, services.config.secretKey);
    const settings = {
      ...stored,
      baseUrl: body.baseUrl ?? stored.baseUrl,
      model: body.model ?? stored.model,
      apiKey: body.apiKey === undefined ? stored.apiKey : body.apiKey || undefined,
    };
    if (!settings.baseUrl || !settings.model) throw new AppError(409, 'ai_not_configured', 'Set a base URL and a model first');
    return testModel(modelCall(services, settings));
  },
);
