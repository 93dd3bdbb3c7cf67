// Agents, marketers and admins; their sessions, API tokens and teams.
import { index, pgTable, primaryKey, text, uuid, boolean } from 'drizzle-orm/pg-core';
import { at, createdAt, id, timestamps } from './columns.ts';

export const ROLES = ['admin', 'agent', 'marketer'] as const;
export type Role = (typeof ROLES)[number];
/** The languages the web app speaks; a user's own choice. */
export const LOCALES = ['en', 'tr'] as const;
export type Locale = (typeof LOCALES)[number];

export const users = pgTable('users', {
  id: id(),
  email: text().notNull().unique(),
  name: text().notNull(),
  passwordHash: text().notNull(),
  roles: text().array().$type<Role[]>().notNull(),
  locale: text().$type<Locale>().notNull().default('en'),
  active: boolean().notNull().default(true),
  ...timestamps,
});

export const sessions = pgTable(
  'sessions',
  {
    /** sha256 of the cookie value: a stolen database row cannot be replayed as a cookie. */
    tokenHash: text().primaryKey(),
    /** What admins see and revoke by: the token hash never leaves the server. */
    id: uuid().notNull().unique().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text().notNull(),
    expiresAt: at().notNull(),
    /** Refreshed at most every few minutes (see server/auth/authenticate.ts), so reads stay reads. */
    lastSeenAt: at(),
    userAgent: text(),
    ip: text(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.userId)],
);

export const apiTokens = pgTable('api_tokens', {
  id: id(),
  userId: uuid()
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  name: text().notNull(),
  tokenHash: text().notNull().unique(),
  lastUsedAt: at(),
  createdAt: createdAt(),
});

export const teams = pgTable('teams', {
  id: id(),
  name: text().notNull().unique(),
  ...timestamps,
});

export const teamMembers = pgTable(
  'team_members',
  {
    teamId: uuid()
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] })],
);

/** Failed sign-ins, shared by every server process, for the login throttle (see server/auth/login-throttle.ts). */
export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: id(),
    /** `ip|email` or `email`: what the attempt counts against. */
    key: text().notNull(),
    at: at().notNull(),
  },
  (t) => [index().on(t.key, t.at), index().on(t.at)],
);
