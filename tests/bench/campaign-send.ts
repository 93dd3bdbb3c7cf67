// Campaign sending through one worker process to a local SMTP peer: raw capacity, throttle accuracy, and how long an
// agent's reply takes to reach the peer while a 10,000-message campaign drains through the same pooled channel.
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../server/db/client.ts';
import { campaigns, channels, conversations, templates } from '../../server/db/schema/index.ts';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { createServices, startWorkers, type Services } from '../../server/services.ts';
import { startCampaign } from '../../server/campaigns/start-campaign.ts';
import { createReply } from '../../server/outbound/create-reply.ts';
import { dispatchEvents } from '../../server/workflows/dispatch-events.ts';
import { daytimeClock } from '../support/clock.ts';
import { startSmtpCounter, type SmtpCounter } from './smtp-counter.ts';

type Line = (name: string, value: number, unit: string) => void;

export async function benchCampaignSend(database: Database, line: Line, percentile: (xs: number[], p: number) => number, recipients: number) {
  const peer = await startSmtpCounter();
  const config = loadConfig({ ULAK_DATA_DIR: `/tmp/ulak-bench-${randomBytes(4).toString('hex')}`, ULAK_SECRET_KEY: randomBytes(32).toString('hex'), LOG_LEVEL: 'silent' });
  // A daytime clock: quiet hours would hold the whole campaign if the bench ran at night.
  const services = await createServices(config, { database, logger: createLogger('silent'), now: daytimeClock(), jobPollingIntervalSeconds: 0.5 });
  try {
    await startWorkers(services, { pullers: false });
    // Events written before any worker ran (a full run's inbox part imports 50,000 contacts) are history a running
    // server dispatches as they happen: dispatched first, so the figures are the campaign's, not a backlog's.
    await dispatchEvents(services);
    const [channel] = await database.db
      .insert(channels)
      .values({
        kind: 'email',
        name: 'bench mail',
        config: {
          imap: { host: '127.0.0.1', port: 1, secure: false, user: 'bench', password: 'bench' },
          smtp: { host: peer.host, port: peer.port, secure: false, allowInsecure: true },
          fromAddress: 'news@shop.example',
        },
      })
      .returning();
    const [template] = await database.db
      .insert(templates)
      .values({ name: 'bench', definition: { fallbackLanguage: 'en', languages: { en: { subject: 'June offers', body: 'Hello {{contact.firstName | "there"}}, 20% off this week.' } } } })
      .returning();
    const campaign = async (label: string, count: number, throttlePerSecond: number) => {
      await seedEmailContacts(database, label, count);
      const [row] = await database.db
        .insert(campaigns)
        .values({
          name: label,
          conditions: { op: 'has_label', value: label },
          templateId: template!.id,
          channelPolicy: { channelIds: [channel!.id] },
          schedule: { mode: 'now' },
          throttlePerSecond,
        })
        .returning();
      const before = peer.arrivals.length;
      const t0 = Date.now();
      await startCampaign(services, row!.id);
      return {
        wait: async () => {
          await peer.waitFor(before + count, 600_000);
          return { t0, first: peer.arrivals[before]!, last: peer.arrivals[before + count - 1]! };
        },
      };
    };

    // Capacity: a throttle no channel reaches, so the figure is what the process can send.
    const capacity = await (await campaign('bench-capacity', recipients, 1_000_000)).wait();
    line('campaign_send_msgs_per_s', Math.round(recipients / ((capacity.last - capacity.t0) / 1000)), 'msg/s');

    // Throttle: 500 messages at 50/s, well under capacity. The rate is the least-squares slope of arrivals over time, so
    // start-up (audience, the timer's phase, a short first tick) does not count as slowness.
    const throttle = 50;
    const before = peer.arrivals.length;
    await (await campaign('bench-throttle', 500, throttle)).wait();
    const rate = slope(peer.arrivals.slice(before, before + 500));
    line('campaign_throttle_msgs_per_s', Math.round(rate), `msg/s (throttle ${throttle})`);
    line('campaign_throttle_error_pct', (Math.abs(rate - throttle) / throttle) * 100, '%');

    // Agent replies while another campaign drains, five a second (a busy team): each reply's time from commit to arrival at the peer.
    // Threads on the bench's mail channel (the campaigns above opened them): a full run's inbox seed also left
    // conversations on an API channel that cannot send, whose replies would wait forever.
    const replyTo = await database.db.select({ id: conversations.id }).from(conversations).where(eq(conversations.channelId, channel!.id)).limit(200);
    const drain = await campaign('bench-drain', recipients, 1_000_000);
    const sentAt = new Map<number, number>();
    for (let i = 0; peer.arrivals.length < recipients * 2 + 2_000 && i < replyTo.length; i++) {
      await createReply(services, { conversationId: replyTo[i]!.id, text: `Your order ships today. benchmark-reply-${i}`, senderType: 'user' });
      sentAt.set(i, Date.now());
      await new Promise((r) => setTimeout(r, 200));
    }
    await drain.wait();
    await waitForReplies(database, peer, sentAt);
    const latencies = [...sentAt].map(([i, at]) => peer.marked.get(i)! - at);
    line('reply_latency_during_campaign_p99_ms', Math.round(percentile(latencies, 99)), `ms (${latencies.length} replies)`);
  } finally {
    await services.marketingLane?.stop();
    await services.runtime.stopAll();
    await services.jobs.stop();
    await services.realtime.stop();
    await peer.close();
  }
}

/** Arrivals per second: the least-squares slope of arrival index against arrival time (ms). */
function slope(times: number[]): number {
  const n = times.length;
  const mt = times.reduce((a, b) => a + b, 0) / n;
  const mi = (n - 1) / 2;
  let num = 0;
  let den = 0;
  times.forEach((t, i) => {
    num += (t - mt) * (i - mi);
    den += (t - mt) ** 2;
  });
  return (num / den) * 1000;
}

async function seedEmailContacts(database: Database, label: string, count: number) {
  await database.db.execute(sql`
    with c as (
      insert into contacts (name, labels, time_zone, search_text)
      select 'Bench ' || g, array[${label}]::text[], 'Europe/Istanbul', 'bench ' || g from generate_series(1, ${count}) g
      returning id, name)
    insert into contact_identities (contact_id, kind, value) select id, 'email', ${label} || '-' || substr(name, 7) || '@customer.example' from c`);
}

async function waitForReplies(database: Database, peer: SmtpCounter, sentAt: Map<number, number>) {
  const until = Date.now() + 60_000;
  while ([...sentAt.keys()].some((i) => !peer.marked.has(i))) {
    if (Date.now() > until) {
      const missing = [...sentAt.keys()].filter((i) => !peer.marked.has(i));
      // Where the missing replies stand, so a failed run says why rather than only that.
      const states = await database.db.execute(sql`
        select status, channel_id, error_code, error_message, count(*)::int as n from messages
        where text ~ ${`benchmark-reply-(${missing.join('|')})$`} group by 1, 2, 3, 4`);
      throw new Error(`${missing.length} of ${sentAt.size} replies never arrived; their messages: ${JSON.stringify((states as any).rows ?? states)}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}
