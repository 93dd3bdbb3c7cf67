// Full-text search over contacts and message text: Turkish-aware folding, prefix matching, newest first.
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { rowsOf } from '../db/client.ts';
import { toPrefixQuery } from '../lib/fold-text.ts';

/** Below this many hits (embedded mode) we fetch every hit through the text index and sort. */
const PROBE_LIMIT = 400;
/** How long (Postgres) the newest-first walk may take before we switch to the text index for a rare word. */
const WALK_TIMEOUT_MS = 40;

export async function search(database: Database, text: string, options: { limit: number; includePrivate: boolean }) {
  const q = toPrefixQuery(text);
  if (!q) return { contacts: [], messages: [] };
  const tsq = sql`to_tsquery('simple', ${q})`;
  const visible = options.includePrivate ? sql`true` : sql`not m.private`;
  const messageSelect = sql`select m.id, m.conversation_id, m.text, m.created_at, c.id as contact_id, c.name as contact_name`;
  const contactSelect = sql`select c.id, c.name, c.last_inbound_at`;

  const contactRows = await newestFirst(database, 'contacts', tsq, {
    walk: sql`${contactSelect} from contacts c where c.search_vector @@ ${tsq} order by c.last_inbound_at desc limit ${options.limit}`,
    viaTextIndex: sql`with hits as materialized (select id from contacts where search_vector @@ ${tsq})
      ${contactSelect} from hits join contacts c on c.id = hits.id order by c.last_inbound_at desc limit ${options.limit}`,
  });
  const messageRows = await newestFirst(database, 'messages', tsq, {
    walk: sql`${messageSelect} from messages m join contacts c on c.id = m.contact_id
      where m.search_vector @@ ${tsq} and ${visible} order by m.created_at desc limit ${options.limit}`,
    viaTextIndex: sql`with hits as materialized (select id from messages where search_vector @@ ${tsq})
      ${messageSelect} from hits join messages m on m.id = hits.id join contacts c on c.id = m.contact_id
      where ${visible} order by m.created_at desc limit ${options.limit}`,
  });
  return {
    contacts: contactRows.map((r) => ({ id: r.id as string, name: r.name as string | null, lastInboundAt: r.last_inbound_at ? new Date(r.last_inbound_at) : null })),
    messages: messageRows.map((m) => ({ id: m.id, conversationId: m.conversation_id, text: String(m.text).slice(0, 300), createdAt: new Date(m.created_at), contact: { id: m.contact_id, name: m.contact_name } })),
  };
}

/**
 * The planner cannot tell a rare word from a common one for prefix queries, and each plan is terrible for the other:
 * walking the recency index stops after `limit` hits for a common word but reads the whole table for a rare one;
 * the text index finds a rare word's few hits at once but must fetch and sort every hit of a common one.
 * Postgres: try the walk under a short statement timeout, and use the text index when it runs out.
 * PGlite (no timeouts, one connection): a bounded count through the text index decides.
 */
async function newestFirst(database: Database, table: 'messages' | 'contacts', tsq: SQL, plans: { walk: SQL; viaTextIndex: SQL }) {
  const db = database.db;
  if (database.kind === 'postgres') {
    try {
      return await db.transaction(async (tx) => {
        await tx.execute(sql.raw(`set local statement_timeout = ${WALK_TIMEOUT_MS}`));
        return rowsOf<Record<string, any>>(await tx.execute(plans.walk));
      });
    } catch (error) {
      if (!isQueryCanceled(error)) throw error;
    }
    return rowsOf<Record<string, any>>(await db.execute(plans.viaTextIndex));
  }
  // Materialized so the probe itself is planned without the LIMIT, i.e. through the text index, not a table scan.
  const [probe] = rowsOf<{ n: number }>(
    await db.execute(sql`with hits as materialized (select 1 from ${sql.identifier(table)} where search_vector @@ ${tsq}) select count(*)::int as n from (select 1 from hits limit ${PROBE_LIMIT}) s`),
  );
  return rowsOf<Record<string, any>>(await db.execute(Number(probe?.n ?? 0) < PROBE_LIMIT ? plans.viaTextIndex : plans.walk));
}

function isQueryCanceled(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.code === '57014' || e?.cause?.code === '57014';
}
