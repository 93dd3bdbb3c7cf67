// Users (agents, marketers, admins) and teams.
import { and, eq, inArray, ne } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { LOCALES, ROLES, teamMembers, teams, users } from '../db/schema/index.ts';
import { AppError, notFound } from '../errors.ts';
import type { AppEnv } from '../http/env.ts';
import { defineRoutes, uuidParam } from '../http/route.ts';
import { hashPassword } from '../auth/passwords.ts';
import { toAuthUser } from '../auth/authenticate.ts';
import { endOtherSessions, revokeAllAccess } from '../auth/revoke-access.ts';
import { app as userAccess } from './user-access.ts';
import { audit } from '../events/audit.ts';
import type { Db, Tx } from '../db/client.ts';
import { PG, pgErrorCode } from '../db/pg-error.ts';

export const app = new Hono<AppEnv>();
const route = defineRoutes(app, 'users', '/api');
app.route('/', userAccess);

const emailField = z
  .email()
  .max(320)
  .transform((v) => v.toLowerCase());
const emailTaken = () => new AppError(409, 'email_taken', 'A user with this email already exists');
/** Two admins saving the same email at once: the unique index decides, and the loser hears it in words. */
const isUniqueViolation = (e: any) => String(e?.cause?.code ?? e?.code) === '23505';
const roles = z
  .array(z.enum(ROLES))
  .min(1)
  .transform((r) => [...new Set(r)]);
const publicUser = (u: typeof users.$inferSelect) => ({ ...toAuthUser(u), active: u.active, createdAt: u.createdAt });

export const listUsersRoute = route({ method: 'get', path: '/users', summary: 'List users', access: ['agent', 'marketer'] }, async (c) => {
  const rows = await c.get('services').database.db.select().from(users).orderBy(users.name);
  return { items: rows.map(publicUser) };
});

export const createUserRoute = route(
  {
    method: 'post',
    path: '/users',
    summary: 'Create a user',
    access: ['admin'],
    status: 201,
    // Without `locale` the new user's app speaks the language of the admin who created them.
    body: z.object({ email: emailField, name: z.string().trim().min(1).max(200), password: z.string().min(8).max(200), roles, locale: z.enum(LOCALES).optional() }),
  },
  async (c, { body, user }) => {
    const db = c.get('services').database.db;
    const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, body.email));
    if (existing) throw emailTaken();
    const [u] = await db
      .insert(users)
      .values({ email: body.email, name: body.name, roles: body.roles, locale: body.locale ?? user.locale, passwordHash: await hashPassword(body.password) })
      .returning()
      .catch((e) => {
        if (isUniqueViolation(e)) throw emailTaken();
        throw e;
      });
    await audit(db, user.id, 'user.created', 'user', u!.id, { roles: body.roles });
    return publicUser(u!);
  },
);

route(
  {
    method: 'patch',
    path: '/users/:id',
    summary: 'Change a user (a new password ends their other sessions; deactivation ends every session and token)',
    access: ['admin'],
    body: z.object({
      email: emailField.optional(),
      name: z.string().trim().min(1).max(200).optional(),
      roles: roles.optional(),
      active: z.boolean().optional(),
      password: z.string().min(8).max(200).optional(),
      locale: z.enum(LOCALES).optional(),
    }),
  },
  async (c, { body, user }) => {
    const db = c.get('services').database.db;
    const id = uuidParam(c);
    if (id === user.id && (body.active === false || (body.roles && !body.roles.includes('admin')))) {
      throw new AppError(422, 'cannot_demote_self', 'You cannot deactivate yourself or remove your own admin role');
    }
    const { password, ...rest } = body;
    const passwordHash = password ? await hashPassword(password) : undefined;
    const u = await db
      .transaction(async (tx) => {
        if (rest.email) {
          const [other] = await tx
            .select({ id: users.id })
            .from(users)
            .where(and(eq(users.email, rest.email), ne(users.id, id)));
          if (other) throw emailTaken();
        }
        const [row] = await tx
          .update(users)
          .set({ ...rest, ...(passwordHash ? { passwordHash } : {}), updatedAt: new Date() })
          .where(eq(users.id, id))
          .returning();
        if (!row) throw notFound('user');
        if (body.active === false) await revokeAllAccess(tx, id);
        // An admin resetting their own password here keeps the session they are using.
        else if (passwordHash) await endOtherSessions(tx, id, id === user.id ? c.get('sessionTokenHash') : undefined);
        return row;
      })
      .catch((e) => {
        if (isUniqueViolation(e)) throw emailTaken();
        throw e;
      });
    await audit(db, user.id, 'user.updated', 'user', id, { fields: Object.keys(body) });
    return publicUser(u);
  },
);

const memberIds = z
  .array(z.uuid())
  .max(500)
  .refine((ids) => new Set(ids).size === ids.length, 'lists a member more than once');
const teamBody = z.object({ name: z.string().trim().min(1).max(100), memberIds: memberIds.default([]) });

async function teamView(db: Db, ids?: string[]) {
  const rows = await db
    .select()
    .from(teams)
    .where(ids ? inArray(teams.id, ids) : undefined)
    .orderBy(teams.name);
  const members = rows.length
    ? await db
        .select()
        .from(teamMembers)
        .where(
          inArray(
            teamMembers.teamId,
            rows.map((t) => t.id),
          ),
        )
    : [];
  return rows.map((t) => ({ id: t.id, name: t.name, memberIds: members.filter((m) => m.teamId === t.id).map((m) => m.userId) }));
}
const dbOf = (c: { get(k: 'services'): { database: { db: Db } } }) => c.get('services').database.db;

/** Replaces a team's members; every id must name a user. */
async function setMembers(tx: Tx, teamId: string, ids: string[]) {
  if (ids.length) {
    const known = await tx.select({ id: users.id }).from(users).where(inArray(users.id, ids));
    if (known.length !== ids.length) throw new AppError(422, 'unknown_user', 'A member id does not name a user');
  }
  await tx.delete(teamMembers).where(eq(teamMembers.teamId, teamId));
  if (ids.length) await tx.insert(teamMembers).values(ids.map((userId) => ({ teamId, userId })));
}

/** What the constraints catch when two requests race past the checks above: a name taken, a user deleted meanwhile. */
function teamConflict(error: unknown): never {
  const code = pgErrorCode(error);
  if (code === PG.uniqueViolation) throw new AppError(409, 'name_taken', 'A team with this name already exists');
  if (code === PG.foreignKeyViolation) throw new AppError(422, 'unknown_user', 'A member id does not name a user');
  throw error;
}

export const listTeamsRoute = route({ method: 'get', path: '/teams', summary: 'List teams', access: ['agent', 'marketer'] }, async (c) => ({ items: await teamView(dbOf(c)) }));

export const createTeamRoute = route({ method: 'post', path: '/teams', summary: 'Create a team', access: ['admin'], status: 201, body: teamBody }, async (c, { body }) => {
  const db = dbOf(c);
  const id = await db
    .transaction(async (tx) => {
      const [t] = await tx.insert(teams).values({ name: body.name }).onConflictDoNothing().returning();
      if (!t) throw new AppError(409, 'name_taken', 'A team with this name already exists');
      await setMembers(tx, t.id, body.memberIds);
      return t.id;
    })
    .catch(teamConflict);
  return (await teamView(db, [id]))[0];
});

route({ method: 'patch', path: '/teams/:id', summary: 'Rename a team or set its members', access: ['admin'], body: teamBody.partial() }, async (c, { body }) => {
  const db = dbOf(c);
  const id = uuidParam(c);
  await db
    .transaction(async (tx) => {
      const [team] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, id)).for('update');
      if (!team) throw notFound('team');
      if (body.name) await tx.update(teams).set({ name: body.name, updatedAt: new Date() }).where(eq(teams.id, id));
      if (body.memberIds) await setMembers(tx, id, body.memberIds);
    })
    .catch(teamConflict);
  return (await teamView(db, [id]))[0];
});
