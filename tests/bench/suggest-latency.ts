// The reply-suggestion figure: agent replies in the resolved conversations, 20 canned responses, then 100 open conversations timed.
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../server/db/client.ts';
import { cannedResponses, conversations } from '../../server/db/schema/index.ts';
import { suggestReplies } from '../../server/assist/index.ts';
import { WORDS } from './seed.ts';

/**
 * On a seeded inbox: one agent reply after the customer messages of every resolved conversation, a canned response per
 * seed word to rank against, and the latency of suggestions for 100 open conversations' latest messages, in ms.
 */
export async function suggestLatencies(database: Database): Promise<number[]> {
  const db = database.db;
  await db.execute(sql`insert into messages (conversation_id, contact_id, channel_id, direction, sender_type, text, status, search_text, idempotency_key)
    select id, contact_id, channel_id, 'out', 'user', 'Yanıt ' || token, 'sent', 'yanit ' || token, id || ':reply' from conversations where status = 'resolved'`);
  await db.insert(cannedResponses).values(WORDS.map((w, i) => ({ shortCode: `bench-${i}`, content: `Merhaba {{contact.name}}, ${w} konusunda yardımcı oluyoruz.` })));
  await db.execute(sql`analyze`);
  const openIds = await db.select({ id: conversations.id }).from(conversations).where(eq(conversations.status, 'open')).limit(100);
  const times: number[] = [];
  for (const { id } of openIds) {
    const s = performance.now();
    await suggestReplies(db, id, new Date());
    times.push(performance.now() - s);
  }
  return times;
}
