// Full-text search over contacts and message text: Turkish-aware folding, prefix matching, newest first.
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { rowsOf } from '../db/client.ts';
import { toPrefixQuery } from '../lib/fold-text.ts';

/** Below this many hits we fetch every hit through the text index and sort; above, we walk messages newest-first. */
const PROBE_LIMIT = 400;

export async function search(db: Db, text: string, options: { limit: number; includePrivate: boolean }) {
  const q = toPrefixQuery(text);
  if (!q) return { contacts: [], messages: [] };
  const tsq = sql`to_tsquery('simple', ${q})`;
  return { contacts: await searchContacts(db, tsq, options.limit), messages: await searchMessages(db, tsq, options) };
}

// The planner cannot tell a rare word from a common one for prefix queries, and each plan is terrible for the other
// case: a bounded count through the text index says which one we have, cheaply. Few hits: fetch them all through the
// text index (a materialized CTE forces that) and sort. Many: walk the recency index, which stops at the limit.
async function fewHits(db: Db, table: 'messages' | 'contacts', tsq: SQL): Promise<boolean> {
  // Materialized so the probe itself is planned without the LIMIT, i.e. through the text index, not a table scan.
  const [probe] = rowsOf<{ n: number }>(
    await db.execute(sql`with hits as materialized (select 1 from ${sql.identifier(table)} where search_vector @@ ${tsq}) select count(*)::int as n from (select 1 from hits limit ${PROBE_LIMIT}) s`),
  );
  return Number(probe?.n ?? 0) < PROBE_LIMIT;
}

async function searchContacts(db: Db, tsq: SQL, limit: number) {
  const select = sql`select c.id, c.name, c.last_inbound_at from`;
  const rows = rowsOf<Record<string, any>>(
    (await fewHits(db, 'contacts', tsq))
      ? await db.execute(sql`with hits as materialized (select id from contacts where search_vector @@ ${tsq}) ${select} hits join contacts c on c.id = hits.id order by c.last_inbound_at desc limit ${limit}`)
      : await db.execute(sql`${select} contacts c where c.search_vector @@ ${tsq} order by c.last_inbound_at desc limit ${limit}`),
  );
  return rows.map((r) => ({ id: r.id as string, name: r.name as string | null, lastInboundAt: r.last_inbound_at ? new Date(r.last_inbound_at) : null }));
}

async function searchMessages(db: Db, tsq: SQL, options: { limit: number; includePrivate: boolean }) {
  const visible = options.includePrivate ? sql`true` : sql`not m.private`;
  const rows =
    (await fewHits(db, 'messages', tsq))
      ? rowsOf<Record<string, any>>(
          await db.execute(sql`with hits as materialized (select id from messages where search_vector @@ ${tsq})
            select m.id, m.conversation_id, m.text, m.created_at, c.id as contact_id, c.name as contact_name
            from hits join messages m on m.id = hits.id join contacts c on c.id = m.contact_id
            where ${visible} order by m.created_at desc limit ${options.limit}`),
        )
      : rowsOf<Record<string, any>>(
          await db.execute(sql`select m.id, m.conversation_id, m.text, m.created_at, c.id as contact_id, c.name as contact_name
            from messages m join contacts c on c.id = m.contact_id
            where m.search_vector @@ ${tsq} and ${visible} order by m.created_at desc limit ${options.limit}`),
        );
  return rows.map((m) => ({ id: m.id, conversationId: m.conversation_id, text: String(m.text).slice(0, 300), createdAt: new Date(m.created_at), contact: { id: m.contact_id, name: m.contact_name } }));
}

