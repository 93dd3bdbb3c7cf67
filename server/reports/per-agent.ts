// Per-agent report figures, credited to the agent who did the work (sent the reply, resolved), not to the current assignee.
import { sql } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../db/client.ts';
import { inRange, numOrNull as num, type Durations, type ReportRange } from './report-range.ts';

export interface AgentFigures {
  id: string;
  name: string;
  /** Replies (not private notes) the agent sent in the range. */
  repliesSent: number;
  /** Conversations opened in the range whose first reply this agent sent, and how long that first reply took. */
  firstResponses: number;
  firstResponse: Durations;
  /** Conversations this agent resolved in the range (by resolution time; still resolved). */
  resolved: number;
}

export async function perAgent(db: DbOrTx, range: ReportRange): Promise<AgentFigures[]> {
  // A reply's sent_at is when the agent sent it (the service clock). The first reply is picked before
  // looking at its sender: when its author was deleted, nobody gets the credit rather than whoever answered second.
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      with replies as (
        select m.sender_user_id as user_id, count(*) as n from messages m
        where m.direction = 'out' and m.sender_type = 'user' and not m.private and ${inRange(sql`m.sent_at`, range)}
        group by m.sender_user_id
      ), first_replies as (
        select distinct on (m.conversation_id) m.sender_user_id as user_id, extract(epoch from (c.first_response_at - c.created_at)) as sec
        from conversations c join messages m on m.conversation_id = c.id
        where ${inRange(sql`c.created_at`, range)} and c.first_response_at is not null
          and m.direction = 'out' and m.sender_type = 'user' and not m.private
        order by m.conversation_id, m.seq
      ), first_response as (
        select user_id, count(*) as n,
          percentile_cont(0.5) within group (order by sec) as median,
          percentile_cont(0.9) within group (order by sec) as p90
        from first_replies group by user_id
      ), resolutions as (
        select c.resolved_by_id as user_id, count(*) as n from conversations c
        where c.resolved_by_id is not null and ${inRange(sql`c.resolved_at`, range)}
        group by c.resolved_by_id
      )
      select u.id, u.name, r.n as replies, f.n as first_responses, f.median, f.p90, s.n as resolved
      from users u
        left join replies r on r.user_id = u.id
        left join first_response f on f.user_id = u.id
        left join resolutions s on s.user_id = u.id
      where r.user_id is not null or f.user_id is not null or s.user_id is not null
      order by u.name, u.id`),
  );
  return rows.map((r) => ({
    id: String(r.id),
    name: String(r.name),
    repliesSent: Number(r.replies ?? 0),
    firstResponses: Number(r.first_responses ?? 0),
    firstResponse: { medianSec: num(r.median), p90Sec: num(r.p90) },
    resolved: Number(r.resolved ?? 0),
  }));
}
