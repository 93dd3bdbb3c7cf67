// How a message search picks its plan: a word with many hits is walked newest first, a rare one read through the text
// index, whichever way the first try went.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../tests/support/test-db.ts';
import { seedInbox } from '../../tests/bench/seed.ts';
import { channels } from '../db/schema/index.ts';
import { newestFirst, search } from './search.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  const [channel] = await database.db.insert(channels).values({ kind: 'api', name: 'search', config: {} }).returning();
  // 120 conversations of 5 messages: "number" is in all 600, each seed word in about a tenth.
  await seedInbox(database, channel!.id, 120, 5);
  await database.db.execute(sql`analyze messages`);
});
afterAll(() => database.drop());

const tsq = (word: string) => sql`to_tsquery('simple', ${word})`;
const newest = (word: string) => sql`select id from messages where search_vector @@ ${tsq(word)} order by created_at desc limit 20`;
/** A plan that must not run: it fails the search if chosen. */
const refused = sql`select 1 / 0 as id`;
/** A walk that always runs out of the first try's time on Postgres (it sleeps 50 ms before the same answer). */
/** On Postgres the first try runs out of time on it; run again without a limit, it fails. */
const slowRefused = sql`select (extract(epoch from now())::int / 0) as id from pg_sleep(0.05)`;
const slowWalk = (word: string) => sql`select id from messages, pg_sleep(0.05) where search_vector @@ ${tsq(word)} order by created_at desc limit 20`;

/** PGlite's first try, walking only the newest rows, comes back short (as for a rare word). */
const short = () => sql`select id from messages where false`;

describe('message search plans', () => {
  it('walks newest first for a word in more messages than the probe counts, even when the first walk ran out of time', async () => {
    const rows = await newestFirst(database, 'messages', tsq('number'), { walk: database.kind === 'postgres' ? slowWalk('number') : newest('number'), walkNewest: short, viaTextIndex: refused }, 20);
    expect(rows).toHaveLength(20);
  });

  it('reads a rare word through the text index', async () => {
    const rows = await newestFirst(database, 'messages', tsq('nowhere'), { walk: database.kind === 'postgres' ? slowRefused : refused, walkNewest: short, viaTextIndex: newest('nowhere') }, 20);
    expect(rows).toEqual([]);
  });

  it.skipIf(!!process.env.DATABASE_URL)('answers a common word on PGlite from the newest messages alone, counting nothing', async () => {
    const walked: number[] = [];
    const walkNewest = (rows: number) => {
      walked.push(rows);
      return sql`select id from (select id, search_vector, created_at from messages order by created_at desc limit ${rows}) m where search_vector @@ ${tsq('number')} order by created_at desc limit 20`;
    };
    const rows = await newestFirst(database, 'messages', tsq('number'), { walk: refused, walkNewest, viaTextIndex: refused }, 20);
    expect(rows).toHaveLength(20);
    expect(walked).toEqual([10_000]);
  });

  it('finds the newest messages with a common word and with a seed word', async () => {
    const common = await search(database, 'number', { limit: 20, includePrivate: true, region: 'TR' });
    expect(common.messages).toHaveLength(20);
    const dates = common.messages.map((m) => m.createdAt.getTime());
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    const seeded = await search(database, 'kargo', { limit: 20, includePrivate: true, region: 'TR' });
    expect(seeded.messages.length).toBeGreaterThan(0);
    expect(seeded.messages.every((m) => m.text.includes('kargo'))).toBe(true);
  });
});
