// Claims on outbound messages (`sending_until`) and the lane's retry backoff are timed on the database's clock,
// never on the business clock (`deps.now()`): a lease says "this worker is on the wire until then", which is about
// processes, not about when a customer's day starts. Every worker shares one database, so every worker reads one
// clock; and a business clock moved by hours (in tests, or a workspace's schedule) can never hand a message that is
// being sent right now to a second worker.
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

/** The moment a lease taken now for `ms` milliseconds runs out. */
export const leaseEndsIn = (ms: number): SQL => sql`clock_timestamp() + ${ms}::double precision * interval '1 millisecond'`;

/** Nobody holds the message: never claimed, or its holder's lease ran out. */
export const leaseFree = (column: AnyColumn | SQL): SQL => sql`(${column} is null or ${column} < clock_timestamp())`;

/** Someone claimed the message and their lease ran out: the holder died or gave up. */
export const leaseRanOut = (column: AnyColumn | SQL): SQL => sql`(${column} is not null and ${column} < clock_timestamp())`;
