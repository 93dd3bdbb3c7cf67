// `npm run bench`: ingest throughput against the raw INSERT ceiling, inbox list latency at 50k conversations, search and
// reply-suggestion latency, campaign sending (capacity, throttle, reply latency during a campaign). BENCH_ONLY=campaign runs only the campaign part,
// BENCH_ONLY=suggest only suggest_p95_ms (on the 500,000-message inbox seed),
// BENCH_ONLY=segment only segment_count_ms (at 50,000 contacts, and at 1,000,000 too with BENCH_SEGMENT_LARGE=1),
// BENCH_ONLY=idle only idle_rss_mb (a spawned idle server's memory), BENCH_ONLY=contacts-import only contacts_import_rows_per_s
// and BENCH_ONLY=orders-import only orders_import_rows_per_s (each on a fresh database, no inbox seeding). BENCH_SCALE=large runs only the large mode (large.ts).
// Prints one `name: value unit` line per figure. PGlite by default; DATABASE_URL benchmarks a fresh database on that server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase, type Database } from '../../server/db/client.ts';
import { migrate } from '../../server/db/migrate.ts';
import { channels, conversations, messages } from '../../server/db/schema/index.ts';
import { ingestMessage } from '../../server/inbound/ingest-message.ts';
import { ingestPage } from '../../server/inbound/ingest-page.ts';
import { withGroupCommit } from '../../server/inbound/group-commit.ts';
import { loadConfig } from '../../server/config.ts';
import { apiDriver } from '../../connectors/api/index.ts';
import { sign } from '../../connectors/signature.ts';
import { makeChannelContext } from '../../connectors/testing/make-channel-context.ts';
import { DiskStorage } from '../../server/files/file-storage.ts';
import { seedInbox, WORDS } from './seed.ts';
import { withDatabase } from '../support/template.ts';
import { benchSegmentCount } from './segment-count.ts';
import { benchCampaignSend } from './campaign-send.ts';
import { benchContactsImport } from './contacts-import.ts';
import { benchOrdersImport, benchValue } from './value.ts';
import { listLatencies, searchLatencies } from './inbox-latency.ts';
import { suggestLatencies } from './suggest-latency.ts';
import { benchIdleRss } from './idle-rss.ts';
import { benchLarge } from './large.ts';

const INGEST = Number(process.env.BENCH_INGEST ?? 20_000);
const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 50_000);
const MESSAGES_PER_CONVERSATION = 10;
const CAMPAIGN = Number(process.env.BENCH_CAMPAIGN ?? 10_000);
const ONLY = process.env.BENCH_ONLY;
/**
 * BENCH_ONLY=idle|inbox|ingest|suggest|segment|campaign|value|contacts-import|orders-import runs one part (or several, comma-separated) (ingest: only the
 * ingest and raw-insert figures; suggest: only the seed and suggest_p95_ms); unset runs all.
 */
const parts = ONLY?.split(',');
/** Whether BENCH_ONLY names this part: the parts a full run measures inside another run only when named. */
const named = (part: string) => parts?.includes(part) ?? false;
const runs = (part: string) => !parts || named(part);
const LARGE = process.env.BENCH_SCALE === 'large';
const LARGE_FACTOR = Number(process.env.BENCH_LARGE_FACTOR ?? 1);
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 50_000);
// The scale is 200,000 contacts and 1,000,000 orders; the defaults stay modest for a shared machine.
const VALUE_CONTACTS = Number(process.env.BENCH_VALUE_CONTACTS ?? 20_000);
const VALUE_ORDERS = Number(process.env.BENCH_VALUE_ORDERS ?? 100_000);

const line = (name: string, value: number, unit: string) => console.log(`${name}: ${Number.isInteger(value) ? value : value.toFixed(2)} ${unit}`);
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

async function openBenchDatabase(): Promise<{ database: Database; cleanup(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const dir = mkdtempSync(join(tmpdir(), 'ulak-bench-'));
    const database = await openDatabase({ dataDir: dir });
    return {
      database,
      cleanup: async () => {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `ulak_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const database = await openDatabase({ databaseUrl: withDatabase(url, name), max: 10 });
  return {
    database,
    cleanup: async () => {
      await database.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

const { database, cleanup } = await openBenchDatabase();
try {
  await migrate(database);
  if (LARGE) {
    await benchLarge(database, line, percentile, LARGE_FACTOR);
  } else {
    if (runs('idle')) await benchIdle();
    if (runs('inbox') || runs('ingest')) await benchInbox();
    if (named('suggest')) await benchSuggest();
    if (runs('segment')) await benchSegments();
    if (runs('campaign')) await benchCampaignSend(database, line, percentile, CAMPAIGN);
    if (runs('value')) await benchValue(database, line, { contacts: VALUE_CONTACTS, orders: VALUE_ORDERS });
    // The two import figures alone, for quick before/after comparisons (the full run measures them inside inbox and value).
    if (named('contacts-import')) line('contacts_import_rows_per_s', Math.round(await benchContactsImport(database, IMPORT_ROWS)), 'rows/s');
    if (named('orders-import')) await benchOrdersImport(database, line, { contacts: VALUE_CONTACTS, orders: VALUE_ORDERS });
  }
} finally {
  await cleanup();
}

/** An idle server's resident memory on this run's database kind (target under 150 MB). */
async function benchIdle() {
  const { firstStartMb, idleMb, idleFileMb } = await benchIdleRss(process.env.DATABASE_URL);
  line('idle_rss_mb', idleMb, `MB (${database.kind}, role all, 5 s after start)`);
  line('idle_rss_file_mb', idleFileMb, 'MB (of idle_rss_mb, mapped from files: mostly Bun itself, shared and reclaimable)');
  line('idle_rss_first_start_mb', firstStartMb, 'MB (the start that created and migrated the database)');
}

/** A segment's live count: one compiled SQL query (target under 200 ms at 50,000 contacts, under 1 s at 1,000,000). */
async function benchSegments() {
  // Its own database, so the contact count is exactly the size named (the inbox and import benches add their own).
  const own = await openBenchDatabase();
  try {
    await migrate(own.database);
    for (const size of [50_000, ...(process.env.BENCH_SEGMENT_LARGE === '1' ? [1_000_000] : [])]) {
      const { ms, matched } = await benchSegmentCount(own.database, size);
      console.log(`segment_count_ms: ${ms} ms (${size} contacts, ${matched} matched)`);
    }
  } finally {
    await own.cleanup();
  }
}

/** The inbox seed (CONVERSATIONS conversations of MESSAGES_PER_CONVERSATION customer messages), timed as seed_s. */
async function seedTimed(channelId: string) {
  const tSeed = performance.now();
  await seedInbox(database, channelId, CONVERSATIONS, MESSAGES_PER_CONVERSATION);
  line('seed_s', (performance.now() - tSeed) / 1000, 's');
}

/** Only the reply-suggestion figure, on the inbox seed alone (50,000 conversations, 500,000 customer messages). */
async function benchSuggest() {
  const [channel] = await database.db.insert(channels).values({ kind: 'api', name: 'bench', config: {} }).returning();
  await seedTimed(channel!.id);
  const times = await suggestLatencies(database);
  line('suggest_p50_ms', percentile(times, 50), 'ms');
  line('suggest_p95_ms', percentile(times, 95), 'ms');
  line('bench_messages', CONVERSATIONS * MESSAGES_PER_CONVERSATION, 'messages');
}

async function benchInbox() {
  const db = database.db;
  const [channel] = await db.insert(channels).values({ kind: 'api', name: 'bench', config: {} }).returning();
  // As the server runs it: group commit with ULAK_INGEST_BATCH_MAX / ULAK_INGEST_BATCH_WAIT_MS (a batch of 1 is the old path).
  const deps = withGroupCommit(
    { database, storage: new DiskStorage(mkdtempSync(join(tmpdir(), 'ulak-bench-files-'))), defaultRegion: () => 'TR', maxAttachmentBytes: 1 << 20, now: () => new Date() },
    loadConfig({ ...process.env, DATABASE_URL: undefined, ULAK_SECRET_KEY: randomBytes(32).toString('hex') }).ingestBatch,
  );
  const secret = randomBytes(24).toString('base64url');
  const ctx = makeChannelContext('api', { secret }, { channelId: channel!.id });
  ctx.sink = { receive: (m, o) => ingestMessage(deps, channel!, m, o), receivePage: (items) => ingestPage(deps, channel!, items), updateStatus: async () => {}, saveCheckpoint: async () => {} };
  const api = apiDriver.create(ctx);

  // Ingest: signed API-channel requests through signature check, validation, and the full one-transaction ingest.
  const bodies = Array.from({ length: INGEST }, (_, i) =>
    JSON.stringify({ externalId: `bench-${i}`, from: { id: `sender-${i % 5000}`, name: `Sender ${i % 5000}` }, text: `${WORDS[i % WORDS.length]} message ${i}` }),
  );
  // Requests in flight at once, as a provider's webhooks arrive at a busy inbox (hundreds at a time at thousands a second);
  // each waits for the commit holding its message, so with 8 in flight no batch could hold more than 8.
  const concurrency = Number(process.env.BENCH_INGEST_CONCURRENCY ?? 256);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const res = await api.handleWebhook!({
          method: 'POST',
          publicUrl: 'http://bench/inbound',
          subPath: '/inbound',
          headers: new Headers({ 'x-ulak-signature': sign(secret, body) }),
          rawBody: body,
        });
        if (res.status !== 202) throw new Error(`ingest failed: ${res.status} ${res.body}`);
      }
    }),
  );
  const ingestRate = INGEST / ((performance.now() - t0) / 1000);
  line('ingest_msgs_per_s', Math.round(ingestRate), `msg/s (${concurrency} requests in flight)`);

  // The ceiling: the same message rows with plain multi-row INSERTs, no dedupe, no contact or thread work.
  const convs = await db.select({ id: conversations.id, contactId: conversations.contactId }).from(conversations).limit(5000);
  const rows = Array.from({ length: INGEST }, (_, i) => {
    const c = convs[i % convs.length]!;
    return {
      conversationId: c.id,
      contactId: c.contactId,
      channelId: channel!.id,
      direction: 'in' as const,
      senderType: 'contact' as const,
      text: `${WORDS[i % WORDS.length]} raw ${i}`,
      status: 'received' as const,
      idempotencyKey: `raw-${i}`,
      searchText: `raw ${i}`,
    };
  });
  const t1 = performance.now();
  for (let i = 0; i < rows.length; i += 1000) await db.insert(messages).values(rows.slice(i, i + 1000));
  const rawRate = INGEST / ((performance.now() - t1) / 1000);
  line('raw_insert_rows_per_s', Math.round(rawRate), 'rows/s');
  line('ingest_vs_raw_ratio', ingestRate / rawRate, 'ratio');
  if (named('ingest') && !named('inbox')) return;
  await db
    .delete(messages)
    .where(eq(messages.direction, 'in'))
    .execute()
    .catch(() => {});

  // The inbox list at scale.
  await seedTimed(channel!.id);
  const listTimes = await listLatencies(database);
  line('list_p50_ms', percentile(listTimes, 50), 'ms');
  line('list_p99_ms', percentile(listTimes, 99), 'ms');

  line('search_p95_ms', percentile(await searchLatencies(database), 95), 'ms');

  line('suggest_p95_ms', percentile(await suggestLatencies(database), 95), 'ms');
  line('contacts_import_rows_per_s', Math.round(await benchContactsImport(database, IMPORT_ROWS)), 'rows/s');
  line('bench_conversations', CONVERSATIONS, 'conversations');
  line('bench_messages', CONVERSATIONS * MESSAGES_PER_CONVERSATION, 'messages');
}
