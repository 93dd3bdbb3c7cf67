// Full-text search over contacts and message text: Turkish-aware folding, prefix matching, newest first.
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { rowsOf } from '../db/client.ts';
import { matchingContactIds, searchTerms } from './search-terms.ts';
import { PG, pgErrorCode } from '../db/pg-error.ts';
import { identitiesOf } from '../contacts/identities-of.ts';

/**
 * Which plan a common word gets: with fewer hits than this the text index fetches them all and sorts, with more the
 * newest-first walk finds `limit` of them soon. The two cost the same when hits ≈ √(limit × rows) (fetching h hits
 * against walking rows × limit / h), so the line grows with the table: 400 rows at the least (a small inbox).
 */
const MIN_PROBE_LIMIT = 400;
/** How long (Postgres) the newest-first walk may take before the hits are counted to choose again. */
const WALK_TIMEOUT_MS = 15;
/**
 * PGlite has no statement timeout: its first try walks at most this many of the newest messages per hit wanted (the walk
 * stops at the hits wanted, so a common word costs a few ms; a word too rare for it pays about 1 ms per 1,000 rows).
 */
const WALK_ROWS_PER_HIT = 500;

export async function search(database: Database, text: string, options: { limit: number; includePrivate: boolean; region: string }) {
  const terms = searchTerms(text, options.region);
  if (!terms) return { contacts: [], messages: [] };
  const tsq = terms.tsquery;
  const visible = options.includePrivate ? sql`true` : sql`not m.private`;
  const messageSelect = sql`select m.id, m.conversation_id, m.text, m.created_at, c.id as contact_id, c.name as contact_name`;
  const contactSelect = sql`select c.id, c.name, c.last_inbound_at`;

  // Names are rare words: the text index finds a contact's few hits at once, then they are sorted.
  // (Without the hint the planner prefers a table scan, which evaluates the text match row by row: ~20 ms at 50,000.)
  const contactRows = await hinted(
    database,
    { enable_seqscan: 'off' },
    sql`with hits as materialized (${matchingContactIds(terms)})
      ${contactSelect} from hits join contacts c on c.id = hits.id order by c.last_inbound_at desc nulls last limit ${options.limit}`,
  );
  /** The newest hits among `source`'s messages (the whole table, or only its newest rows). */
  const walkOver = (source: SQL) => sql`${messageSelect} from ${source} m join contacts c on c.id = m.contact_id
      where m.search_vector @@ ${tsq} and ${visible} order by m.created_at desc limit ${options.limit}`;
  const messageRows = await newestFirst(
    database,
    'messages',
    tsq,
    {
      walk: walkOver(sql`messages`),
      walkNewest: (rows) => walkOver(sql`(select id, conversation_id, text, created_at, contact_id, private, search_vector from messages order by created_at desc limit ${rows})`),
      viaTextIndex: sql`with hits as materialized (select id from messages where search_vector @@ ${tsq})
      ${messageSelect} from hits join messages m on m.id = hits.id join contacts c on c.id = m.contact_id
      where ${visible} order by m.created_at desc limit ${options.limit}`,
    },
    options.limit,
  );
  // Every hit carries its contact's identities: a contact without a name is shown (and recognised) by them.
  const identities = await identitiesOf(database.db, [...contactRows.map((r) => r.id as string), ...messageRows.map((m) => m.contact_id as string)]);
  return {
    contacts: contactRows.map((r) => ({
      id: r.id as string,
      name: r.name as string | null,
      identities: identities.get(r.id as string) ?? [],
      lastInboundAt: r.last_inbound_at ? new Date(r.last_inbound_at) : null,
    })),
    messages: messageRows.map((m) => ({
      id: m.id,
      conversationId: m.conversation_id,
      text: String(m.text).slice(0, 300),
      createdAt: new Date(m.created_at),
      contact: { id: m.contact_id, name: m.contact_name, identities: identities.get(m.contact_id) ?? [] },
    })),
  };
}

/**
 * The planner cannot tell a rare word from a common one for prefix queries, and each plan is terrible for the other:
 * walking the recency index stops after `limit` hits for a common word but reads the whole table for a rare one;
 * the text index finds a rare word's few hits at once but must fetch and sort every hit of a common one.
 * Postgres first tries the walk under a short statement timeout (on an idle server it answers most searches); PGlite,
 * which has no timeouts, walks only the newest `limit × WALK_ROWS_PER_HIT` messages: finding `limit` hits there, they
 * are the newest of all. When that first try falls short, as it may for a rare word or on a busy machine, a bounded
 * count through the text index decides (on PGlite the count alone took 60–110 ms at 1,500,000 messages and over a
 * second at 5,000,000, for words the first try answers in a few). Falling back to the text index unconditionally fetched and sorted every hit of
 * a common word: 18 s a search at 5,000,000 messages on a loaded machine.
 */
export async function newestFirst(database: Database, table: 'messages', tsq: SQL, plans: { walk: SQL; walkNewest: (rows: number) => SQL; viaTextIndex: SQL }, limit: number) {
  const db = database.db;
  // Forced on Postgres: the planner's estimate for prefix and AND queries would otherwise pick the text index anyway.
  const walkHints = { enable_bitmapscan: 'off', enable_seqscan: 'off' };
  if (database.kind === 'postgres') {
    try {
      return await hinted(database, { statement_timeout: String(WALK_TIMEOUT_MS), ...walkHints }, plans.walk);
    } catch (error) {
      if (!isQueryCanceled(error)) throw error;
    }
  } else {
    const newest = rowsOf<Record<string, any>>(await db.execute(plans.walkNewest(limit * WALK_ROWS_PER_HIT)));
    if (newest.length >= limit) return newest;
  }
  // One round trip: the line from the table's row estimate, and the hits counted up to it. Materialized so the count
  // is planned without the LIMIT, i.e. through the text index, not a table scan.
  const [probe] = rowsOf<{ n: number; probe_limit: number }>(
    await db.execute(sql`with line as (
        select greatest(${MIN_PROBE_LIMIT}, round(sqrt(${limit} * greatest(reltuples, 0))))::int as n from pg_class where oid = ${table}::regclass
      ),
      hits as materialized (select 1 from ${sql.identifier(table)} where search_vector @@ ${tsq})
      select (select count(*) from (select 1 from hits limit (select n from line)) s)::int as n, (select n from line) as probe_limit`),
  );
  const probeLimit = Number(probe?.probe_limit ?? MIN_PROBE_LIMIT);
  if (Number(probe?.n ?? 0) < probeLimit) return hinted(database, { enable_seqscan: 'off' }, plans.viaTextIndex);
  // Hinted on PGlite too: unhinted, its planner fetched and sorted every hit of a common word (1.4 s at 5,000,000).
  return hinted(database, walkHints, plans.walk);
}

/**
 * Runs one query with transaction-local planner settings, set in one statement: PGlite refuses several commands in one
 * (`set local a; set local b`).
 */
async function hinted(database: Database, settings: Record<string, string>, query: SQL): Promise<Record<string, any>[]> {
  const assignments = Object.entries(settings).map(([name, value]) => sql`set_config(${name}, ${value}, true)`);
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`select ${sql.join(assignments, sql`, `)}`);
    return rowsOf<Record<string, any>>(await tx.execute(query));
  });
}

function isQueryCanceled(error: unknown): boolean {
  return pgErrorCode(error) === PG.queryCanceled;
}
