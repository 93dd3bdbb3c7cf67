// Declares a route once: Hono handler, body/query validation, role check, and its OpenAPI description.
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Role } from '../db/schema/index.ts';
import { AppError } from '../errors.ts';
import type { AppEnv, AuthUser } from './env.ts';
import { stripNul } from '../lib/strip-nul.ts';
import { nestsDeeperThan } from '../lib/json-depth.ts';
import { fieldIssues } from './error-body.ts';

export type Access = 'public' | 'user' | Role[];
type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

export interface RouteSpec<B extends z.ZodType | undefined, Q extends z.ZodType | undefined> {
  method: Method;
  path: string;
  summary: string;
  access: Access;
  body?: B;
  query?: Q;
  /** Success status (default 200). */
  status?: number;
  /** A multipart/form-data upload with a file in this field; the handler reads the form itself. */
  fileField?: string;
  /** The upload form's other (text) fields, each with what it holds: documented beside the file. */
  formFields?: Record<string, string>;
  /** The Server-Sent Events the route answers with (always, or when asked for text/event-stream): listed as that content type. */
  events?: string;
}

export interface RegisteredRoute {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  access: Access;
  body?: z.ZodType;
  query?: z.ZodType;
  status: number;
  fileField?: string;
  formFields?: Record<string, string>;
  events?: string;
}

/** Every declared route, read by the OpenAPI generator. */
export const routeRegistry: RegisteredRoute[] = [];

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;
export interface HandlerInput<B, Q> {
  body: B;
  query: Q;
  user: AuthUser;
}

/**
 * What `route(...)` gives back: nothing at run time, only the types of what the route takes and answers, so the web's
 * API types (server/http/api-types.ts) are read from the route itself (`export const x = route(...)`) and cannot drift.
 */
export interface DeclaredRoute<R, B, Q> {
  readonly answer?: R;
  readonly body?: B;
  readonly query?: Q;
}

export function defineRoutes(app: Hono<AppEnv>, tag: string, base = '') {
  return function route<R, B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
    spec: RouteSpec<B, Q>,
    handler: (c: Context<AppEnv>, input: HandlerInput<Infer<B>, Infer<Q>>) => R,
  ): DeclaredRoute<R, B, Q> {
    const fullPath = base + spec.path;
    if (!routeRegistry.some((r) => r.method === spec.method && r.path === fullPath)) {
      routeRegistry.push({
        method: spec.method,
        path: fullPath,
        summary: spec.summary,
        tag,
        access: spec.access,
        body: spec.body,
        query: spec.query,
        status: spec.status ?? 200,
        fileField: spec.fileField,
        formFields: spec.formFields,
        events: spec.events,
      });
    }
    app.on(spec.method.toUpperCase(), spec.path, async (c) => {
      const user = authorize(c, spec.access);
      const query = spec.query ? parse(spec.query, stripNul(c.req.query()), 'query') : undefined;
      // A route that takes either JSON or a file reads its multipart form itself.
      const multipart = spec.fileField && (c.req.header('content-type') ?? '').toLowerCase().startsWith('multipart/form-data');
      const body = spec.body && !multipart ? parse(spec.body, await readJson(c), 'body') : undefined;
      const result: unknown = await handler(c, { body: body as Infer<B>, query: query as Infer<Q>, user: user as AuthUser });
      if (result instanceof Response) return result;
      return c.json(result as object, (spec.status ?? 200) as 200);
    });
    return {};
  };
}

function authorize(c: Context<AppEnv>, access: Access): AuthUser | undefined {
  if (access === 'public') return c.get('user');
  const user = c.get('user');
  if (!user) throw new AppError(401, 'unauthenticated', 'Sign in first');
  // Admins may do everything; other roles only what the route lists.
  if (Array.isArray(access) && !user.roles.includes('admin') && !access.some((r) => user.roles.includes(r))) {
    throw new AppError(403, 'forbidden', `This needs one of the roles: ${access.join(', ')}`);
  }
  return user;
}

/** Deeper than any body a client legitimately sends (a 32-level condition tree inside a workflow is about 70). */
export const MAX_JSON_DEPTH = 128;

async function readJson(c: Context<AppEnv>): Promise<unknown> {
  const text = await c.req.text();
  if (!text.trim()) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError(400, 'invalid_json', 'The request body is not valid JSON');
  }
  // Checked before anything recursive (cleaning, zod) walks it: a hostile nesting would overflow the stack.
  if (nestsDeeperThan(value, MAX_JSON_DEPTH)) throw new AppError(422, 'too_deep', `The request body nests more than ${MAX_JSON_DEPTH} levels deep`);
  // Postgres text cannot hold NUL or lone surrogates: a body carrying them is stored without them rather than failing with a 500.
  return stripNul(value);
}

export function parse<T extends z.ZodType>(schema: T, value: unknown, where: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || where}: ${i.message}`);
    // `fields` carries each issue as a code and bound, so a client words it in its own language beside the field.
    throw new AppError(
      422,
      'validation_failed',
      issues.join('; '),
      fieldIssues(result.error.issues).map((f) => ({ ...f, path: f.path || where })),
    );
  }
  return result.data;
}

export const uuidParam = (c: Context, name = 'id'): string => {
  const value = c.req.param(name);
  if (!value || !z.uuid().safeParse(value).success) throw new AppError(404, 'not_found', `No such ${name === 'id' ? 'resource' : name}`);
  return value;
};
