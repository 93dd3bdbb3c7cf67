// Leases and the lane's backoff run on the database's clock (server/outbound/lease.ts), which a test cannot move:
// this stands for "enough real time has passed" by ending every lease now.
import { sql } from 'drizzle-orm';
import type { Database } from '../../server/db/client.ts';

export async function leasesRunOut(database: Database): Promise<void> {
  await database.db.execute(sql`update messages set sending_until = clock_timestamp() - interval '1 second' where sending_until is not null`);
}
