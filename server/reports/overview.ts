// The reports overview, computed in SQL: inbound volume, outbound volume by purpose, response and resolution times, satisfaction, per agent and team.
import { sql } from 'drizzle-orm';
import { rowsOf, tsParam, type DbOrTx } from '../db/client.ts';
import { perAgent, type AgentFigures } from './per-agent.ts';
import { inRange, numOrNull as num, type Durations, type ReportRange } from './report-range.ts';

export type { AgentFigures, Durations, ReportRange };

export interface GroupFigures {
  id: string;
  name: string;
  conversations: number;
  medianFirstResponseSec: number | null;
  resolved: number;
}

/** Outbound by why it was sent: agents' replies, service automation (acknowledgements, reminders), marketing (campaigns, marketing steps). */
export interface OutboundByPurpose {
  agent: number;
  service: number;
  marketing: number;
}

export interface Overview {
  volumeByChannel: Record<string, number>;
  /** Messages written for sending in the range (notes and cancelled campaign messages excluded), whatever their delivery outcome. */
  outboundByPurpose: OutboundByPurpose;
  firstResponse: Durations;
  resolution: Durations;
  csat: { avg: number | null; count: number };
  nps: { score: number | null; count: number };
  complaints: number;
  /** Complaint SLA clocks (workflow engine) that ran out before an agent answered, by due time. */
  slaBreaches: number;
  /** Credited to who sent the replies and resolved, see per-agent.ts. */
  perAgent: AgentFigures[];
  /** Conversations opened in the range, by the team they belong to. */
  perTeam: GroupFigures[];
}

const seconds = (later: string) => sql.raw(`extract(epoch from (c.${later} - c.created_at))`);

export async function reportOverview(db: DbOrTx, range: ReportRange): Promise<Overview> {
  const volume = rowsOf<{ kind: string; n: string }>(
    await db.execute(sql`
      select ch.kind, count(*) as n from messages m join channels ch on ch.id = m.channel_id
      where m.direction = 'in' and ${inRange(sql`m.created_at`, range)} group by ch.kind order by ch.kind`),
  );
  const outbound = rowsOf<{ purpose: keyof OutboundByPurpose; n: string }>(
    await db.execute(sql`
      select case when m.purpose = 'marketing' then 'marketing' when m.sender_type = 'user' and m.purpose is null then 'agent' else 'service' end as purpose, count(*) as n
      from messages m
      where m.direction = 'out' and not m.private and m.status <> 'cancelled' and ${inRange(sql`m.created_at`, range)}
      group by 1`),
  );
  const [times] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select
        percentile_cont(0.5) within group (order by ${seconds('first_response_at')}) as fr_median,
        percentile_cont(0.9) within group (order by ${seconds('first_response_at')}) as fr_p90,
        percentile_cont(0.5) within group (order by ${seconds('resolved_at')}) filter (where c.resolved_at is not null) as res_median,
        percentile_cont(0.9) within group (order by ${seconds('resolved_at')}) filter (where c.resolved_at is not null) as res_p90,
        count(*) filter (where 'complaint' = any(c.labels)) as complaints
      from conversations c where ${inRange(sql`c.created_at`, range)}`),
  );
  const [ratings] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      with r as (
        select (e->>'score')::numeric as score, e->>'kind' as kind
        from contacts k, jsonb_array_elements(case when jsonb_typeof(k.attributes->'satisfaction') = 'array' then k.attributes->'satisfaction' else '[]'::jsonb end) e
        where (e->>'at')::timestamptz >= ${tsParam(range.from)} and (e->>'at')::timestamptz < ${tsParam(range.to)})
      select
        avg(score) filter (where kind = 'csat') as csat_avg,
        count(*) filter (where kind = 'csat') as csat_count,
        count(*) filter (where kind = 'nps') as nps_count,
        round(100.0 * (count(*) filter (where kind = 'nps' and score >= 9) - count(*) filter (where kind = 'nps' and score <= 6))
          / nullif(count(*) filter (where kind = 'nps'), 0)) as nps_score
      from r`),
  );
  const [sla] = rowsOf<{ n: string }>(await db.execute(sql`select count(*) as n from sla_clocks where state = 'breached' and ${inRange(sql`due_at`, range)}`));
  return {
    volumeByChannel: Object.fromEntries(volume.map((v) => [v.kind, Number(v.n)])),
    outboundByPurpose: { agent: 0, service: 0, marketing: 0, ...Object.fromEntries(outbound.map((o) => [o.purpose, Number(o.n)])) },
    firstResponse: { medianSec: num(times?.fr_median), p90Sec: num(times?.fr_p90) },
    resolution: { medianSec: num(times?.res_median), p90Sec: num(times?.res_p90) },
    csat: { avg: ratings?.csat_avg == null ? null : Math.round(Number(ratings.csat_avg) * 100) / 100, count: Number(ratings?.csat_count ?? 0) },
    nps: { score: num(ratings?.nps_score), count: Number(ratings?.nps_count ?? 0) },
    complaints: Number(times?.complaints ?? 0),
    slaBreaches: Number(sla?.n ?? 0),
    perAgent: await perAgent(db, range),
    perTeam: await perTeam(db, range),
  };
}

async function perTeam(db: DbOrTx, range: ReportRange): Promise<GroupFigures[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select g.id, g.name, count(*) as conversations,
        percentile_cont(0.5) within group (order by ${seconds('first_response_at')}) as median_first_response,
        count(*) filter (where c.resolved_at is not null) as resolved
      from conversations c join teams g on g.id = c.team_id
      where ${inRange(sql`c.created_at`, range)}
      group by g.id, g.name order by g.name`),
  );
  return rows.map((r) => ({ id: String(r.id), name: String(r.name), conversations: Number(r.conversations), medianFirstResponseSec: num(r.median_first_response), resolved: Number(r.resolved) }));
}
