// GET /api/openapi.json: an OpenAPI 3.1 document generated from the declared routes and their zod schemas.
import { readFile } from 'node:fs/promises';
import { Hono } from 'hono';
import { z } from 'zod';
import { VARIANT_KEYS } from '../../workflows/campaigns/ab-test.ts';
import type { AppEnv } from '../http/env.ts';
import { routeRegistry } from '../http/route.ts';

export const app = new Hono<AppEnv>();

const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        // On a 422: each field problem as a zod code and its bound, for a client to word in its own language.
        fields: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              path: { type: 'string' },
              code: { type: 'string' },
              format: { type: 'string' },
              minimum: { type: 'number' },
              maximum: { type: 'number' },
              origin: { type: 'string' },
              // `template_variable_missing` (campaign start): the variable with no value and no fallback, and for how many contacts.
              variable: { type: 'string' },
              contacts: { type: 'integer' },
              // ... and, for an A/B campaign, the variant whose template leaves it blank.
              variant: { type: 'string', enum: [...VARIANT_KEYS] },
            },
            required: ['path', 'code'],
          },
        },
      },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
};

const multipart = (field: string, formFields: Record<string, string> = {}) => {
  const texts = Object.entries(formFields).map(([name, description]) => [name, { type: 'string', description }]);
  return {
    'multipart/form-data': { schema: { type: 'object', properties: { [field]: { type: 'string', format: 'binary' }, ...Object.fromEntries(texts) }, required: [field, ...Object.keys(formFields)] } },
  };
};

type Schema = Record<string, unknown>;

/**
 * What each route answers, as JSON Schema generated from the handlers' TypeScript types by
 * scripts/openapi-responses.ts (CI fails when it is stale). Read on the first request for the document, not at start.
 */
let answers: Promise<Record<string, Schema>> | undefined;
const readAnswers = () => (answers ??= readFile(new URL('../http/openapi-responses.json', import.meta.url), 'utf8').then((text) => JSON.parse(text) as Record<string, Schema>));

export function buildOpenApi(answerSchemas: Record<string, Schema> = {}) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routeRegistry) {
    const path = r.path.replace(/:(\w+)/g, '{$1}');
    const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const query = r.query ? (z.toJSONSchema(r.query, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown>; required?: string[] }) : undefined;
    for (const [name, schema] of Object.entries(query?.properties ?? {})) params.push({ name, in: 'query', required: query?.required?.includes(name) ?? false, schema: schema as { type: string } });
    const answer = answerSchemas[`${r.method} ${r.path}`];
    (paths[path] ??= {})[r.method] = {
      summary: r.summary,
      tags: [r.tag],
      ...(r.access === 'public' ? { security: [] } : { 'x-roles': r.access }),
      ...(params.length ? { parameters: params } : {}),
      // A route may take JSON, a file, or either (the contacts import): both content types are listed.
      ...(r.fileField || r.body
        ? {
            requestBody: {
              required: true,
              content: {
                ...(r.fileField ? multipart(r.fileField, r.formFields) : {}),
                ...(r.body ? { 'application/json': { schema: z.toJSONSchema(r.body, { io: 'input', unrepresentable: 'any' }) } } : {}),
              },
            },
          }
        : {}),
      responses: {
        [String(r.status)]: {
          description: 'Success',
          ...(answer || r.events
            ? {
                content: {
                  ...(answer ? { 'application/json': { schema: answer } } : {}),
                  ...(r.events ? { 'text/event-stream': { schema: { type: 'string', description: r.events } } } : {}),
                },
              }
            : {}),
        },
        default: { description: 'Error', content: { 'application/json': { schema: errorSchema } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Ulak API', version: '0.1.0', description: 'Omnichannel inbox and automation. Cookie sessions need X-CSRF-Token on writes; scripts use Authorization: Bearer <token>.' },
    components: {
      securitySchemes: { cookie: { type: 'apiKey', in: 'cookie', name: 'ulak_session' }, bearer: { type: 'http', scheme: 'bearer' } },
    },
    security: [{ cookie: [] }, { bearer: [] }],
    paths,
  };
}

app.get('/api/openapi.json', async (c) => c.json(buildOpenApi(await readAnswers())));
