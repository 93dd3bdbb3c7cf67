// PGlite's one connection, shared fairly: a long run of queries lets the process breathe, and someone waiting goes first.
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './client.ts';
import { asUrgent } from './pglite-turns.ts';

describe('turns on PGlite', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ pglite: await PGlite.create() });
  });
  afterAll(async () => {
    await database.close();
  });

  it('lets timers and sockets run while a long transaction goes on', async () => {
    let timerRanAt: number | undefined;
    let queries = 0;
    setTimeout(() => (timerRanAt = queries), 0);
    // Statements back to back in one transaction, as a campaign tick's batch issues them: at least 300 ms of them.
    await database.pglite!.transaction(async (tx) => {
      const started = performance.now();
      while (performance.now() - started < 300 || queries < 50) {
        await tx.query('select 1');
        queries++;
      }
    });
    expect(timerRanAt).toBeDefined();
    expect(timerRanAt!).toBeLessThan(queries);
  });

  it('runs an urgent statement before background statements already waiting for the connection', async () => {
    const order: string[] = [];
    const pg = database.pglite!;
    // A transaction holds the connection while background work queues behind it, then an urgent query arrives.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const holder = pg.transaction(async (tx) => {
      await tx.query('select 1');
      await held;
    });
    await new Promise((r) => setTimeout(r, 20));
    const background = Array.from({ length: 5 }, (_, i) => pg.query('select 1').then(() => order.push(`background ${i}`)));
    await new Promise((r) => setTimeout(r, 20));
    const urgent = asUrgent(() => pg.query('select 1').then(() => order.push('urgent')));
    release();
    await Promise.all([holder, urgent, ...background]);
    expect(order).toEqual(['urgent', 'background 0', 'background 1', 'background 2', 'background 3', 'background 4']);
  });

  it('keeps a transaction whole: statements outside it wait until it ends', async () => {
    const pg = database.pglite!;
    await pg.query('create table if not exists turns_probe (n int)');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const tx = pg.transaction(async (t) => {
      await t.query('insert into turns_probe values (1)');
      await held;
      await t.query('insert into turns_probe values (2)');
    });
    const reader = asUrgent(() => pg.query<{ n: number }>('select count(*)::int as n from turns_probe'));
    await new Promise((r) => setTimeout(r, 20));
    release();
    await tx;
    expect((await reader).rows[0]!.n).toBe(2);
  });
});
