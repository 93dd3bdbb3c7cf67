// Full-text search over contacts and message text, Turkish-aware (folded) with prefix matching.
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env.ts';
import { defineRoutes } from '../http/route.ts';
import { search } from '../search/search.ts';

export const app = new Hono<AppEnv>();
const route = defineRoutes(app, 'search', '/api');

const searchQuery = z.object({ q: z.string().min(1).max(200), limit: z.coerce.number().int().min(1).max(50).default(20) });

export const searchRoute = route({ method: 'get', path: '/search', summary: 'Search contacts and messages', access: ['agent', 'marketer'], query: searchQuery }, (c, { query, user }) =>
  search(c.get('services').database, query.q, {
    limit: query.limit,
    includePrivate: user.roles.includes('agent') || user.roles.includes('admin'),
    region: c.get('services').workspace.defaultRegion,
  }),
);
