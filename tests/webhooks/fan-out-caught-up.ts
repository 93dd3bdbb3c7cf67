// The fan-out reads an event once every older transaction in the cluster has ended (the gap-free cursor), and on a
// shared Postgres other sessions' transactions can hold that back briefly: runs `pass` (a fan-out, or a whole webhook
// tick) until it has read every event recorded so far.
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../server/db/client.ts';

export async function fanOutCaughtUp(db: Db, pass: () => Promise<unknown>): Promise<void> {
  const [latest] = rowsOf<{ id: number }>(await db.execute(sql`select coalesce(max(id), 0)::int as id from domain_events`));
  for (let waited = 0; ; waited += 20) {
    await pass();
    const [unread] = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from domain_events e, webhook_cursor c where e.id <= ${latest!.id} and (e.txid, e.id) > (c.txid, c.event_id)`),
    );
    if (unread?.n === 0) return;
    if (waited > 30_000) throw new Error('the webhook fan-out did not catch up');
    await new Promise((r) => setTimeout(r, 20));
  }
}
