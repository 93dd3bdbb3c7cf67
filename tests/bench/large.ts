// BENCH_SCALE=large: the inbox at 1,000,000 contacts and 5,000,000 messages (one conversation per contact, five
// messages each), seeded with set-based INSERTs over generate_series. Meant for Postgres; BENCH_LARGE_FACTOR scales
// both counts (0.02 is 20,000 contacts and 100,000 messages, a quick check that the mode works).
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../server/db/client.ts';
import { channels } from '../../server/db/schema/index.ts';
import { seedInbox } from './seed.ts';
import { listLatencies, searchLatencies } from './inbox-latency.ts';
import { benchSegmentCount } from './segment-count.ts';

const CONTACTS = 1_000_000;
const MESSAGES_PER_CONVERSATION = 5;

type Line = (name: string, value: number, unit: string) => void;
type Percentile = (xs: number[], p: number) => number;

export async function benchLarge(database: Database, line: Line, percentile: Percentile, factor: number) {
  const contacts = Math.max(1, Math.round(CONTACTS * factor));
  const [channel] = await database.db.insert(channels).values({ kind: 'api', name: 'bench-large', config: {} }).returning();
  const t0 = performance.now();
  await seedInbox(database, channel!.id, contacts, MESSAGES_PER_CONVERSATION, { segmentFacts: true });
  line('seed_large_s', (performance.now() - t0) / 1000, 's');
  line('bench_contacts', contacts, 'contacts');
  line('bench_messages', contacts * MESSAGES_PER_CONVERSATION, 'messages');

  const list = await listLatencies(database);
  line('list_p50_ms', percentile(list, 50), 'ms');
  line('list_p99_ms', percentile(list, 99), 'ms');
  line('search_p95_ms', percentile(await searchLatencies(database), 95), 'ms');
  // Over the seeded contacts themselves, which carry the segment's facts (the table already holds `contacts`: nothing is added).
  const { ms, matched } = await benchSegmentCount(database, contacts);
  console.log(`segment_count_ms: ${ms} ms (${contacts} contacts, ${matched} matched)`);
  const [size] = rowsOf<{ bytes: string }>(await database.db.execute(sql`select pg_database_size(current_database())::text as bytes`));
  line('db_size_mb', Math.round(Number(size!.bytes) / 1024 / 1024), 'MB');
}
