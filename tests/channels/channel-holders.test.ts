// Which process runs a pulling channel, across processes: an admin's edit or deletion in any process reaches the one
// running it; a process holding many channels still has connections to work with; one whose lock went with its
// database session stops the channel, so it never runs in two processes at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ChannelDriver } from '../../connectors/channel.ts';
import { ChannelRuntime, WORKER_NAME } from '../../server/channels/channel-runtime.ts';
import postgres from 'postgres';
import { ChannelLocks, LOCK_CONNECTION_NAME, LOCK_CONNECTION_OPTIONS } from '../../server/channels/channel-locks.ts';
import { openDatabase, type Database } from '../../server/db/client.ts';
import { channels } from '../../server/db/schema/index.ts';
import { createLogger } from '../../server/logger.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';
import { ingestDeps, insertChannel } from '../support/fixtures.ts';
import { eventually } from '../support/api-channel.ts';

/** A pulling connector that records, per process, each start and stop, and the config it started with. */
function recordingDriver(processName: string, log: string[]): ChannelDriver {
  return {
    kind: 'telegram',
    configSchema: z.object({ token: z.string().optional() }).passthrough(),
    secretFields: [],
    pulls: true,
    create: (ctx) => ({
      start: async () => void log.push(`${processName}:start:${(ctx.config as { token?: string }).token ?? ''}`),
      stop: async () => void log.push(`${processName}:stop`),
      logout: async () => void log.push(`${processName}:logout`),
      send: async () => ({ externalId: 'x', status: 'sent' as const }),
    }),
  };
}

/** A pulling connector whose replies go through its own session, as WhatsApp's do. */
const sessionDriver = (processName: string, log: string[]): ChannelDriver => ({ ...recordingDriver(processName, log), kind: 'whatsapp', sendsThroughSession: true });

function runtimeOf(database: Database, processName: string, log: string[]) {
  return new ChannelRuntime({
    database,
    ingest: ingestDeps(database),
    secretKey: Buffer.alloc(32, 7),
    publicUrl: 'https://ulak.test',
    egress: { allow: { cidrs: [], hosts: [] } },
    log: createLogger('silent'),
    now: () => new Date(),
    drivers: { telegram: recordingDriver(processName, log), whatsapp: sessionDriver(processName, log) },
  });
}

describe('channels across processes', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('restarts a channel with what an admin saved in another process, and stops it when it is deactivated or deleted there', async () => {
    const log: string[] = [];
    const worker = runtimeOf(database, 'work', log);
    const serve = runtimeOf(database, 'serve', log);
    await Promise.all([worker.watchChanges(), serve.watchChanges()]);
    try {
      const channel = await insertChannel(database, 'telegram');
      await database.db
        .update(channels)
        .set({ config: { token: 'old' } })
        .where(eq(channels.id, channel.id));
      await worker.runPullers(60_000);
      expect(log).toEqual(['work:start:old']);

      // The serve process saves a new token: the worker stops the old connector and starts one with the new token.
      await database.db
        .update(channels)
        .set({ config: { token: 'new' } })
        .where(eq(channels.id, channel.id));
      await serve.announceChange(channel.id, 'updated');
      await eventually(() => log.includes('work:start:new'), 30_000);
      expect(log).toEqual(['work:start:old', 'work:stop', 'work:start:new']);

      await database.db.update(channels).set({ active: false }).where(eq(channels.id, channel.id));
      await serve.announceChange(channel.id, 'updated');
      await eventually(() => log.length === 4, 30_000);
      expect(log.at(-1)).toBe('work:stop');
      expect(await worker.holds(channel.id)).toBe(false);

      // Deleted: the process holding the session unlinks it (the deleting one may hold nothing).
      await database.db.update(channels).set({ active: true }).where(eq(channels.id, channel.id));
      // Taken again as the worker's next pass would (its lock is let go just after the stop is logged).
      await eventually(() => worker.startPulling(channel.id), 30_000);
      log.length = 0;
      await database.db.delete(channels).where(eq(channels.id, channel.id));
      await serve.announceChange(channel.id, 'deleted');
      await eventually(() => log.includes('work:stop'), 30_000);
      expect(log).toEqual(['work:logout', 'work:stop']);
    } finally {
      await worker.stopAll();
      await serve.stopAll();
    }
  });

  it('stops a channel deactivated while it missed the notice, on its next pass', async () => {
    const log: string[] = [];
    const worker = runtimeOf(database, 'work', log);
    try {
      const channel = await insertChannel(database, 'telegram');
      await worker.runPullers(100);
      await eventually(() => log.includes('work:start:'), 30_000);
      await database.db.update(channels).set({ active: false }).where(eq(channels.id, channel.id));
      await eventually(() => log.includes('work:stop'), 30_000);
      expect(await worker.holds(channel.id)).toBe(false);
      // Settings no longer names a process running it.
      await eventually(async () => {
        const [row] = await database.db.select({ health: channels.health }).from(channels).where(eq(channels.id, channel.id));
        return row!.health.worker === null;
      }, 30_000);
    } finally {
      await worker.stopAll();
    }
  });

  it('starts a channel once when a pass, a change notice and an activation ask at the same moment', async () => {
    const log: string[] = [];
    const worker = runtimeOf(database, 'work', log);
    try {
      const channel = await insertChannel(database, 'telegram');
      expect(await Promise.all([worker.startPulling(channel.id), worker.startPulling(channel.id), worker.startPulling(channel.id)])).toEqual([true, true, true]);
      expect(log).toEqual(['work:start:']);
    } finally {
      await worker.stopAll();
      await database.db.update(channels).set({ active: false });
    }
  });

  describe.skipIf(!process.env.DATABASE_URL)('locks on Postgres', () => {
    it('holds many channels on connections of their own, leaving the query connections free', async () => {
      const small = await openDatabase({ databaseUrl: database.url, max: 2 });
      const locks = new ChannelLocks(small);
      const ids = Array.from({ length: 4 }, (_, i) => `00000000-0000-4000-8000-00000000000${i}`);
      try {
        for (const id of ids) expect(await locks.tryAcquire(id)).toBe(true);
        expect(await small.db.execute(sql`select 1 as one`)).toBeTruthy();
        const other = new ChannelLocks(database);
        expect(await other.tryAcquire(ids[0]!)).toBe(false);
        await locks.release(ids[0]!);
        expect(await other.tryAcquire(ids[0]!)).toBe(true);
        await other.releaseAll();
      } finally {
        await locks.releaseAll();
        await small.close();
      }
    });

    it('has Postgres itself probe a lock connection, so a dead machine frees its channels in about a minute', async () => {
      const connection = postgres(database.url!, LOCK_CONNECTION_OPTIONS);
      try {
        const rows = await connection`select name, setting from pg_settings where name like 'tcp_keepalives_%' order by name`;
        expect(rows.map((r) => [r.name, r.setting])).toEqual([
          ['tcp_keepalives_count', '3'],
          ['tcp_keepalives_idle', '30'],
          ['tcp_keepalives_interval', '10'],
        ]);
      } finally {
        await connection.end();
      }
    });

    it('shares the pulling channels out among the processes running them, and the rest take over from one that stops', async () => {
      // Only this test's channels pull.
      await database.db.update(channels).set({ active: false });
      const log: string[] = [];
      const first = runtimeOf(database, 'first', log);
      const second = runtimeOf(database, 'second', log);
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await insertChannel(database, 'telegram')).id);
      const held = async (runtime: ChannelRuntime) => (await Promise.all(ids.map((id) => runtime.holds(id)))).filter(Boolean).length;
      try {
        await first.runPullers(300);
        await eventually(async () => (await held(first)) === 5, 30_000);

        // A second worker joins: the first hands over what is above its share (3 of 5, as it joined first), the second takes it.
        await second.runPullers(300);
        await eventually(async () => (await held(first)) === 3 && (await held(second)) === 2, 60_000);
        // Never run in both: every channel has exactly one holder.
        for (const id of ids) expect([await first.holds(id), await second.holds(id)].filter(Boolean)).toHaveLength(1);
        // Stable: the next passes move nothing.
        const before = log.length;
        await new Promise((r) => setTimeout(r, 1_500));
        expect(log.length).toBe(before);

        // Settings shows which process runs each channel (both runtimes are this process here: one name).
        await eventually(async () => {
          const rows = await database.db.select({ health: channels.health }).from(channels).where(inArray(channels.id, ids));
          return rows.every((r) => r.health.worker === WORKER_NAME);
        }, 30_000);

        // The second stops (or dies: its sessions end): the first takes every channel back.
        await second.stopAll();
        await eventually(async () => (await held(first)) === 5, 60_000);
      } finally {
        await first.stopAll();
        await second.stopAll();
        await database.db.update(channels).set({ active: false });
      }
    });

    it('splits the channels evenly: four among three workers are two, one and one, the extra one staying with the first', async () => {
      await database.db.update(channels).set({ active: false });
      const log: string[] = [];
      const workers = ['first', 'second', 'third'].map((name) => runtimeOf(database, name, log));
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) ids.push((await insertChannel(database, 'telegram')).id);
      const held = async (runtime: ChannelRuntime) => (await Promise.all(ids.map((id) => runtime.holds(id)))).filter(Boolean).length;
      try {
        // They join one after another; the first to join keeps the odd channel.
        await workers[0]!.runPullers(300);
        await eventually(async () => (await held(workers[0]!)) === 4, 30_000);
        await workers[1]!.runPullers(300);
        await eventually(async () => (await held(workers[1]!)) === 2, 60_000);
        await workers[2]!.runPullers(300);
        await eventually(async () => {
          const split = await Promise.all(workers.map(held));
          return split.join() === '2,1,1';
        }, 60_000);
        for (const id of ids) expect((await Promise.all(workers.map((w) => w.holds(id)))).filter(Boolean)).toHaveLength(1);
      } finally {
        await Promise.all(workers.map((w) => w.stopAll()));
        await database.db.update(channels).set({ active: false });
      }
    });

    it('hands over a mailbox or bot before a session, which a move would reconnect', async () => {
      await database.db.update(channels).set({ active: false });
      const log: string[] = [];
      const first = runtimeOf(database, 'first', log);
      const second = runtimeOf(database, 'second', log);
      // The session's id sorts last, so the id order alone would hand it over.
      const [bot] = await database.db.insert(channels).values({ id: '00000000-0000-4000-8000-0000000000b0', kind: 'telegram', name: 'bot', config: {} }).returning();
      const [session] = await database.db.insert(channels).values({ id: 'ffffffff-ffff-4fff-bfff-fffffffffff0', kind: 'whatsapp', name: 'session', config: {} }).returning();
      try {
        await first.runPullers(300);
        await eventually(async () => (await first.holds(bot!.id)) && (await first.holds(session!.id)), 30_000);
        await second.runPullers(300);
        await eventually(async () => (await second.holds(bot!.id)) && !(await first.holds(bot!.id)), 60_000);
        expect(await first.holds(session!.id)).toBe(true);
        expect(await second.holds(session!.id)).toBe(false);
      } finally {
        await first.stopAll();
        await second.stopAll();
        await database.db.update(channels).set({ active: false });
      }
    });

    it('notices a lock lost with its session, and lets another process take the channel', async () => {
      const log: string[] = [];
      const first = runtimeOf(database, 'first', log);
      const second = new ChannelLocks(database);
      try {
        const channel = await insertChannel(database, 'telegram');
        // Passes every second: another process takes the freed lock before the first's next pass.
        await first.runPullers(1_000);
        await eventually(() => log.includes('first:start:'), 30_000);
        expect(await second.tryAcquire(channel.id)).toBe(false);
        // As a database restart or a proxy dropping the idle connection would.
        await database.db.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${LOCK_CONNECTION_NAME} and datname = current_database()`);
        await eventually(() => second.tryAcquire(channel.id), 30_000);
        // The first notices on its next pass and stops the channel, and does not start it while the other holds it.
        await eventually(() => log.includes('first:stop'), 30_000);
        await new Promise((r) => setTimeout(r, 2_500));
        expect(log.filter((line) => line === 'first:start:')).toHaveLength(1);
        await second.releaseAll();
        await eventually(() => log.filter((line) => line === 'first:start:').length === 2, 30_000);
      } finally {
        await first.stopAll();
        await second.releaseAll();
      }
    });
  });
});
