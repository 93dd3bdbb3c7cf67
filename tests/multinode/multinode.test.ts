// Many machines: two `serve` and two `work` processes with their own data dirs on one Postgres and one bucket. An agent
// on either serve process sees every event, files uploaded through one are served by the other, a campaign goes out
// once across both workers, a worker killed mid-campaign leaves nothing lost or doubled, and a pulling channel's
// session is held by exactly one worker. Postgres only (embedded PGlite is one process by design).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ApiClient, type ApiChannel } from '../crash/api-client.ts';
import { pool } from '../crash/figures.ts';
import { eventually } from '../support/api-channel.ts';
import { channelLockName } from '../../server/channels/channel-locks.ts';
import { FakeBotApi } from '../../connectors/telegram/testing/fake-bot-api.ts';
import { channelLockHolders, startCluster, type Cluster } from './cluster.ts';
import { openEventStream, type EventStream } from './event-stream.ts';
import { HoldingReceiver } from './holding-receiver.ts';
import { clientPortsOf } from './process-sockets.ts';

const DATABASE_URL = process.env.DATABASE_URL;

describe.skipIf(!DATABASE_URL)('a deployment of two serve and two work processes on one Postgres and one bucket', () => {
  let cluster: Cluster;
  let api: ApiClient;
  let apiB: ApiClient;
  let streams: { a: EventStream; b: EventStream };
  let telegramId: string;
  let receiver: HoldingReceiver;
  const bot = new FakeBotApi();

  beforeAll(async () => {
    receiver = new HoldingReceiver();
    await bot.start();
    cluster = await startCluster(DATABASE_URL!);
    api = new ApiClient(cluster.serveA.url);
    await api.setUp();
    apiB = api.on(cluster.serveB.url);
    // Campaigns go out whatever the hour (no quiet hours), and two campaigns a day may reach one contact.
    await api.call('PATCH', '/api/workspace', { quietHours: { start: '00:00', end: '00:00' }, frequencyCap: { max: 10, perDays: 1 } });
    // A pulling channel, activated (the Settings button) through a serve process: that process must not take the
    // session; both workers race for it on their next pass (every 15 s) while the first tests run.
    const telegram = await api.call('POST', '/api/channels', { kind: 'telegram', name: 'Bot', config: { botToken: bot.token, apiRoot: bot.apiRoot, pollTimeoutSec: 1 } });
    telegramId = telegram.id;
    await api.call('POST', `/api/channels/${telegramId}/activate`);
    const started = [cluster.serveA, cluster.serveB, ...cluster.workers].map((p) => `${cluster.appName(p)} ${p.startSeconds.join(' ')}`);
    console.log(`multinode start_seconds: ${started.join(', ')}`);
    streams = { a: await openEventStream(cluster.serveA.url, api.authorization), b: await openEventStream(cluster.serveB.url, api.authorization) };
  });

  afterAll(async () => {
    streams?.a.close();
    streams?.b.close();
    receiver?.stop();
    await cluster?.stop();
    await bot.close();
  });

  let conversationId: string;
  let replies: ApiChannel;

  it('shows an agent on serve B, live, a message posted to serve A', async () => {
    replies = await api.createApiChannel('Website', receiver.url('replies'));
    const posted = await api.postInbound(replies, { externalId: 'mn-hello', from: { id: 'ayse', name: 'Ayşe' }, text: 'Siparişim nerede?' });
    expect(posted.status).toBe(202);
    conversationId = posted.body.conversationId;
    for (const stream of [streams.b, streams.a]) {
      await eventually(() => stream.events.some((e) => e.type === 'message.received' && e.messageId === posted.body.messageId), 20_000);
    }
    expect(streams.b.events.find((e) => e.type === 'conversation.created')).toMatchObject({ conversationId });
  });

  it('stores an upload through A in the bucket, sends it from a worker, and serves it through B', async () => {
    const pdf = new TextEncoder().encode(`%PDF-1.4 fatura ${Date.now()}`);
    const form = new FormData();
    form.set('file', new File([pdf], 'fatura.pdf', { type: 'application/pdf' }));
    const uploaded = await fetch(`${cluster.serveA.url}/api/uploads`, { method: 'POST', headers: { authorization: api.authorization }, body: form });
    expect(uploaded.status).toBe(201);
    const upload = (await uploaded.json()) as { id: string };
    const reply = await api.call<{ id: string }>('POST', `/api/conversations/${conversationId}/messages`, { text: 'Faturanız ekte', attachmentIds: [upload.id] });

    // A worker read the file from the bucket and pushed it to the integrator; the agent on B hears it went out.
    const delivery = await eventually(() => receiver.deliveries.find((d) => d.messageId === reply.id && d.accepted), 20_000);
    expect(delivery.attachments.map((a) => [a.filename, Buffer.from(a.contentBase64, 'base64').toString()])).toEqual([['fatura.pdf', new TextDecoder().decode(pdf)]]);
    await eventually(() => streams.b.events.some((e) => e.type === 'message.updated' && e.messageId === reply.id), 20_000);

    const { items } = await apiB.call<{ items: Array<{ id: string; attachments: Array<{ url: string }> }> }>('GET', `/api/conversations/${conversationId}/messages`);
    const [file] = items.find((m) => m.id === reply.id)!.attachments;
    const download = await fetch(`${cluster.serveB.url}${file!.url}`, { headers: { authorization: api.authorization } });
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(pdf);
    // The bytes live in the bucket only: no process wrote them to its own disk.
    expect([...cluster.s3.objects.values()].filter((o) => Buffer.from(o.body).equals(Buffer.from(pdf)))).toHaveLength(1);
    for (const server of [cluster.serveA, cluster.serveB, ...cluster.workers]) {
      const files = join(server.env.ULAK_DATA_DIR!, 'files');
      expect(existsSync(files) ? readdirSync(files, { recursive: true }) : []).toEqual([]);
    }
  });

  /** `count` contacts named `<prefix> n` who wrote on `channel`, and a running campaign to exactly them. */
  async function campaignTo(prefix: string, count: number, channel: ApiChannel, throttlePerSecond: number) {
    await pool(count, 8, async (n) => {
      const posted = await api.postInbound(channel, { externalId: `${prefix}-in-${n}`, from: { id: `${prefix}-${n}`, name: `${prefix} ${n}` }, text: 'Merhaba' });
      if (posted.status !== 202) throw new Error(`inbound answered ${posted.status}`);
    });
    const template = await api.call('POST', '/api/templates', { name: prefix, fallbackLanguage: 'en', languages: { en: { body: 'Hello {{contact.name}}, 20% off this week' } } });
    const campaign = await api.call('POST', '/api/campaigns', {
      name: prefix,
      conditions: { field: 'contact.name', op: 'starts_with', value: `${prefix} ` },
      templateId: template.id,
      channelPolicy: { channelIds: [channel.id] },
      schedule: { mode: 'now' },
      throttlePerSecond,
    });
    const started = await api.call('POST', `/api/campaigns/${campaign.id}/start`);
    expect(started.recipients).toBe(count);
    return campaign.id as string;
  }

  const completed = (campaignId: string, timeoutMs: number) =>
    eventually(async () => {
      const stats = await apiB.call('GET', `/api/campaigns/${campaignId}/stats`);
      return stats.status === 'completed' && stats;
    }, timeoutMs);

  /** One outbound message per recipient in the database, every one sent. */
  async function campaignMessages(campaignId: string) {
    return cluster.sql<{ status: string; n: number }[]>`
      select status, count(*)::int as n from messages where metadata->>'campaignId' = ${campaignId} group by status`;
  }

  it('sends a campaign exactly once across both workers', async () => {
    const count = 40;
    const channel = await api.createApiChannel('Campaign C', receiver.url('campaign-c'));
    const campaignId = await campaignTo('Cem', count, channel, 20);
    const stats = await completed(campaignId, 30_000);
    expect(stats).toMatchObject({ total: count, failed: 0, skipped: 0 });
    expect(stats.sent + stats.delivered).toBe(count);

    const deliveries = receiver.deliveries.filter((d) => d.text.startsWith('Hello Cem '));
    expect(deliveries).toHaveLength(count);
    expect(new Set(deliveries.map((d) => d.messageId)).size).toBe(count);
    expect(new Set(deliveries.map((d) => d.text)).size).toBe(count);
    expect(deliveries.every((d) => d.accepted && d.idempotencyKey === d.messageId)).toBe(true);
    expect(await campaignMessages(campaignId)).toEqual([{ status: 'sent', n: count }]);
  });

  let holder: string;

  it('has exactly one worker, never a serve process, hold the pulling channel', async () => {
    const lock = channelLockName(telegramId);
    const workerNames = cluster.workers.map((w) => cluster.appName(w));
    const [first] = await eventually(async () => {
      const holders = await channelLockHolders(cluster.sql, lock);
      return holders.length > 0 && holders;
    }, 30_000);
    expect(workerNames).toContain(first);
    // Activating it again through the other serve process changes nothing.
    await apiB.call('POST', `/api/channels/${telegramId}/activate`);
    await Bun.sleep(500);
    expect(await channelLockHolders(cluster.sql, lock)).toEqual([first]);
    holder = first!;
    expect(bot.calls.filter((c) => c.method === 'getMe')).toHaveLength(1);
  });

  it('finishes a campaign whose worker was killed mid-send on the other worker, nothing lost, nothing sent twice', async () => {
    const count = 60;
    // The victim is the worker holding the pulling channel: its session must move to the survivor too.
    const victim = cluster.workers.find((w) => cluster.appName(w) === holder)!;
    const survivor = cluster.workers.find((w) => w !== victim)!;
    const channel = await api.createApiChannel('Campaign D', receiver.url('campaign-d'));
    // Answers are held from the first delivery, so every delivery the victim made is still unanswered when it dies:
    // the integrator has nothing from it, and each message must reach it exactly once, from the survivor.
    receiver.hold();
    const campaignId = await campaignTo('Deniz', count, channel, 20);
    const victimPid = victim.pid!;
    const victimPorts = await eventually(() => {
      const ports = clientPortsOf(victimPid, receiver.port);
      return receiver.held.some((d) => ports.has(d.clientPort)) && ports;
    }, 20_000);
    await victim.crash();
    const killedAt = Date.now();
    receiver.release();

    // Its claims run out after the 30 s lease; the survivor takes them over.
    const stats = await completed(campaignId, 75_000);
    console.log(`multinode finish_after_kill_seconds: ${Math.round((Date.now() - killedAt) / 1000)}`);
    expect(stats).toMatchObject({ total: count, failed: 0, skipped: 0 });
    expect(stats.sent + stats.delivered).toBe(count);
    const deliveries = receiver.deliveries.filter((d) => d.text.startsWith('Hello Deniz '));
    const cutOff = deliveries.filter((d) => !d.accepted);
    expect(cutOff.filter((d) => victimPorts.has(d.clientPort)).length).toBeGreaterThan(0);
    const accepted = new Map<string, number>();
    for (const d of deliveries) if (d.accepted) accepted.set(d.messageId, (accepted.get(d.messageId) ?? 0) + 1);
    expect(accepted.size).toBe(count);
    expect([...accepted.values()].filter((n) => n > 1)).toEqual([]);
    expect(deliveries.every((d) => d.idempotencyKey === d.messageId)).toBe(true);
    expect(await campaignMessages(campaignId)).toEqual([{ status: 'sent', n: count }]);

    // The victim's session ended with its connection: the survivor holds the channel now, and only it.
    const lock = channelLockName(telegramId);
    await eventually(async () => (await channelLockHolders(cluster.sql, lock)).join() === cluster.appName(survivor), 20_000);
  });
});
