// Seeds a benchmark database in bulk with SQL: contacts, conversations and messages with searchable text
// (folded as the app folds it: the seed words are lower-case, so translating the Turkish letters is the whole fold).
import { sql } from 'drizzle-orm';
import type { Database } from '../../server/db/client.ts';
import { SEGMENT_FACT_COLUMNS, SEGMENT_FACT_VALUES } from './segment-count.ts';

export const WORDS = [
  'sipariş',
  'kargo',
  'iade',
  'fatura',
  'ödeme',
  'teslimat',
  'indirim',
  'şikayet',
  'refund',
  'order',
  'delivery',
  'invoice',
  'payment',
  'coupon',
  'broken',
  'late',
  'thanks',
  'merhaba',
  'hello',
  'account',
];

/**
 * Contacts, one conversation each, and `messagesPerConversation` messages each, spread over the last 90 days.
 * With `segmentFacts` the contacts also carry what the segment bench's VIP segment reads (the large mode counts it).
 */
export async function seedInbox(database: Database, channelId: string, conversations: number, messagesPerConversation: number, options: { segmentFacts?: boolean } = {}) {
  const db = database.db;
  const words = sql.raw(`(array[${WORDS.map((w) => `'${w}'`).join(',')}])`);
  const [columns, values] = options.segmentFacts ? [sql`, ${SEGMENT_FACT_COLUMNS}`, sql`, ${SEGMENT_FACT_VALUES}`] : [sql``, sql``];
  await db.execute(sql`insert into contacts (id, name, search_text, first_seen_at${columns})
    select gen_random_uuid(), 'Bench Contact ' || g, 'bench contact ' || g, now() - interval '120 days'${values}
    from generate_series(1, ${conversations}) g`);
  await db.execute(sql`insert into conversations (contact_id, channel_id, token, status, last_activity_at, last_message_preview, last_message_direction, unread_count)
    select id, ${channelId}::uuid, md5(random()::text), (array['open','open','open','pending','resolved'])[1 + (random()*4)::int],
      date_trunc('milliseconds', now() - random() * interval '90 days'), 'preview', 'in', (random()*3)::int
    from contacts where search_text like 'bench contact %'`);
  await db.execute(sql`insert into messages (conversation_id, contact_id, channel_id, direction, sender_type, text, status, search_text, sent_at, idempotency_key)
    select c.id, c.contact_id, c.channel_id, 'in', 'contact', t.text, 'received', translate(t.text, 'şığüöçâ', 'siguoca'), c.last_activity_at - (g || ' minutes')::interval, c.id || ':' || g
    from conversations c
    cross join generate_series(1, ${messagesPerConversation}) g
    cross join lateral (select ${words}[1 + ((g * 7 + abs(hashtext(c.id::text)::bigint)) % ${WORDS.length})] || ' ' || ${words}[1 + ((g * 13 + abs(hashtext(c.token)::bigint)) % ${WORDS.length})] || ' number ' || g as text) t`);
  await db.execute(sql`analyze`);
}
