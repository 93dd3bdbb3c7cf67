// Reply suggestions with no model: canned responses and past agent replies ranked by Postgres full-text search over stems.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { rowsOf } from '../db/client.ts';
import { cannedResponses, contacts, conversations, messages, suggestionPicks, workspaces, type SuggestionSource } from '../db/schema/index.ts';
import { sqlArray } from '../db/sql-array.ts';
import { foldText } from '../lib/fold-text.ts';
import { cannedFiller } from './fill-canned.ts';
import { cannedMatcher } from './canned-pattern.ts';
import { replyTemplate } from './personal-reply.ts';
import { anyWordQuery } from './search-terms.ts';

export interface Suggestion {
  id: string;
  source: SuggestionSource;
  text: string;
}

/** Past customer messages ranked per request: enough for evidence. */
const HISTORY_LIMIT = 60;
/**
 * Messages read per query shape before ranking (ranked as they are read, so none is fetched twice). Messages with every word come first, then any word; each stops at
 * this many, so a word in half the table (a "number" in every order question) costs the same as a rare one.
 */
const CANDIDATES = 1_000;
/** A pick weighs like this many matching past conversations; the log keeps one early pick from dominating forever. */
const PICK_WEIGHT = 0.5;

interface Candidate extends Suggestion {
  score: number;
  /** A past reply that named its customer: filled with this customer's name, and not offered when it has none. */
  personal?: boolean;
}

/** The best `limit` suggestions for the conversation's latest inbound message; empty when it has none. */
export async function suggestReplies(db: Db, conversationId: string, now: Date, limit = 3): Promise<Suggestion[]> {
  const [conversation] = await db.select().from(conversations).where(eq(conversations.id, conversationId));
  if (!conversation) return [];
  const [latest] = await db
    .select({ text: messages.text })
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.direction, 'in'), eq(messages.private, false)))
    .orderBy(desc(messages.seq))
    .limit(1);
  const query = latest ? anyWordQuery(latest.text) : '';
  if (!query) return [];
  const allWords = query.replaceAll(' | ', ' & ');

  const canned = await db.select().from(cannedResponses);
  const candidates = new Map<string, Candidate>();
  // Direct match: the customer's words in the canned response itself (its short code counts as text).
  if (canned.length) {
    const direct = rowsOf<{ id: string; rank: number }>(
      await db.execute(sql`
      select c.id, ts_rank(message_stems(c.body), to_tsquery('simple', ${query})) as rank
      from unnest(${sqlArray(
        canned.map((c) => c.id),
        'uuid',
      )}, ${sqlArray(
        canned.map((c) => foldText(`${c.shortCode.replace(/[-_]/g, ' ')} ${c.content}`)),
        'text',
      )}) as c(id, body)
      where message_stems(c.body) @@ to_tsquery('simple', ${query})`),
    );
    for (const row of direct) candidates.set(`canned:${row.id}`, { id: row.id, source: 'canned', text: canned.find((c) => c.id === row.id)!.content, score: Number(row.rank) });
  }

  // History: past customer messages like this one, in resolved conversations, each with the agent reply that answered it.
  // The resolved check is one index lookup per candidate (`offset 0` keeps it a lookup), cheaper than reading every resolved conversation.
  const history = rowsOf<{ replyId: string; replyText: string; customerName: string | null; rank: number }>(
    await db.execute(sql`
    with candidates as materialized (
      (select message_id, conversation_id, reply_id, stems from reply_evidence where stems @@ to_tsquery('simple', ${allWords}) limit ${CANDIDATES})
      union all
      (select message_id, conversation_id, reply_id, stems from reply_evidence where stems @@ to_tsquery('simple', ${query}) limit ${CANDIDATES})
    ), hits as (
      select distinct on (m.message_id) m.reply_id, ts_rank(m.stems, to_tsquery('simple', ${query})) as rank
      from candidates m
      join lateral (select 1 from conversations c where c.id = m.conversation_id and c.status = 'resolved' offset 0) resolved on true
      where m.conversation_id <> ${conversationId}
      order by m.message_id
    ), top as (
      select reply_id, rank from hits order by rank desc limit ${HISTORY_LIMIT}
    )
    select r.id as "replyId", r.text as "replyText", k.name as "customerName", top.rank
    from top join messages r on r.id = top.reply_id left join contacts k on k.id = r.contact_id`),
  );
  const matchers = canned.map((c) => ({ id: c.id, content: c.content, matches: cannedMatcher(c.content) }));
  const byText = new Map<string, Candidate>();
  for (const row of history) {
    const rank = Number(row.rank);
    // A reply that was a canned response is evidence for that response, not a separate suggestion.
    const used = matchers.find((m) => m.matches(row.replyText));
    if (used) {
      const key = `canned:${used.id}`;
      const existing = candidates.get(key) ?? { id: used.id, source: 'canned' as const, text: used.content, score: 0 };
      existing.score += rank;
      candidates.set(key, existing);
      continue;
    }
    // Another customer's name is never offered: it becomes a variable, so replies alike but for the name count together.
    const { text, personal } = replyTemplate(row.replyText, row.customerName);
    const textKey = foldText(text).replace(/\s+/g, ' ').trim();
    const same = byText.get(textKey);
    if (same) same.score += rank;
    else byText.set(textKey, { id: row.replyId, source: 'history', text, score: rank, personal });
  }
  for (const c of byText.values()) candidates.set(`history:${c.id}`, c);
  if (!candidates.size) return [];

  await applyPicks(db, [...candidates.values()]);
  const ranked = [...candidates.values()].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  return fill(db, conversation, ranked, now, limit);
}

async function applyPicks(db: Db, candidates: Candidate[]) {
  const picks = await db
    .select()
    .from(suggestionPicks)
    .where(
      inArray(
        suggestionPicks.itemId,
        candidates.map((c) => c.id),
      ),
    );
  for (const c of candidates) {
    const pick = picks.find((p) => p.itemId === c.id && p.source === c.source);
    if (pick) c.score *= 1 + PICK_WEIGHT * Math.log1p(pick.count);
  }
}

/** The best `limit`, canned responses and past replies that named their customer filled for this one; others as sent. */
async function fill(db: Db, conversation: typeof conversations.$inferSelect, ranked: Candidate[], now: Date, limit: number): Promise<Suggestion[]> {
  const [customer] = await db.select({ name: contacts.name }).from(contacts).where(eq(contacts.id, conversation.contactId));
  // Without a name to put in its place, a reply that named someone else cannot be made right for this customer.
  const usable = (customer?.name?.trim() ? ranked : ranked.filter((c) => !c.personal)).slice(0, limit);
  // Only these have variables: plain past replies alone need no customer facts.
  if (!usable.some((c) => c.source === 'canned' || c.personal)) return usable.map(({ id, source, text }) => ({ id, source, text }));
  const filled = await cannedFiller(db, conversation, now);
  return usable.map(({ id, source, text, personal }) => ({ id, source, text: source === 'canned' || personal ? filled(text) : text }));
}
