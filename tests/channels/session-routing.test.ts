// Session-bound channels (WhatsApp): a reply is sent by the process that holds the channel's session, wherever it
// was queued, exactly once, and waits (without burning its retries) while no process holds the session.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { eq, sql } from 'drizzle-orm';
import { ChannelError, type ChannelDriver } from '../../connectors/channel.ts';
import { loadConfig } from '../../server/config.ts';
import { messages } from '../../server/db/schema/index.ts';
import { createLogger } from '../../server/logger.ts';
import { createServices, startWorkers, type Services } from '../../server/services.ts';
import { ingestMessage } from '../../server/inbound/ingest-message.ts';
import { failStuckSends } from '../../server/outbound/fail-stuck-sends.ts';
import { inbound, insertChannel } from '../support/fixtures.ts';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';

/** Sends only once started, like a WhatsApp socket: each process gets its own instance, named for the log. */
function sessionDriver(processName: string, log: string[]): ChannelDriver {
  return {
    kind: 'whatsapp',
    configSchema: z.object({}).passthrough(),
    secretFields: [],
    pulls: true,
    sendsThroughSession: true,
    create: () => {
      let running = false;
      return {
        start: async () => void (running = true),
        stop: async () => void (running = false),
        send: async (message) => {
          if (!running) throw new ChannelError('TEMPORARY', `no session in ${processName}`);
          log.push(`${processName}:${message.text}`);
          return { externalId: `wa-${log.length}`, status: 'sent' as const };
        },
      };
    },
  };
}

const waitFor = async (check: () => Promise<boolean> | boolean, ms = 10_000) => {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('sends on a session-bound channel', () => {
  const sent: string[] = [];
  let t: TestApp;
  let admin: Client;
  let channelId: string;
  let conversationId: string;
  let other: Services | undefined;

  beforeAll(async () => {
    t = await createTestApp({ workers: true, drivers: { whatsapp: sessionDriver('A', sent) } });
    admin = await Client.admin(t.app);
    channelId = (await insertChannel(t.services.database, 'whatsapp')).id;
    const received = await ingestMessage(
      t.services.ingest,
      { id: channelId, kind: 'whatsapp' },
      inbound({ from: { identities: [{ kind: 'whatsapp', value: '905321112233@s.whatsapp.net' }], name: 'Ayşe' } }),
    );
    conversationId = received.conversationId;
  });
  afterEach(async () => {
    await other?.runtime.stopAll();
    await other?.jobs.stop();
    other = undefined;
  });
  afterAll(() => t.close());

  const statusOf = async (id: string) => (await t.services.database.db.select().from(messages).where(eq(messages.id, id)))[0]!;

  it('waits for the session instead of failing, then sends once the session starts here', async () => {
    const reply = await admin.ok('POST', `/api/conversations/${conversationId}/messages`, { text: 'Kargonuz yolda' });
    // Retries are 50 ms apart in tests: without routing, six failed attempts would have ended it by now.
    await new Promise((r) => setTimeout(r, 1500));
    const waiting = await statusOf(reply.id);
    expect(waiting).toMatchObject({ status: 'queued', errorCode: null });
    expect(waiting.metadata).not.toHaveProperty('lastError'); // no attempt was spent on a process without the session
    expect(sent).toEqual([]);

    expect(await t.services.runtime.startPulling(channelId)).toBe(true);
    await waitFor(async () => (await statusOf(reply.id)).status === 'sent');
    expect(sent).toEqual(['A:Kargonuz yolda']);
    expect((await statusOf(reply.id)).metadata).not.toHaveProperty('lastError');
  });

  it.runIf(!!process.env.DATABASE_URL)('is sent by the process holding the session, whichever process queued or picked it up', async () => {
    // A second server process on the same database, with its own outbound worker but no session.
    other = await createServices(loadConfig({ DATABASE_URL: t.database.url!, ULAK_DATA_DIR: '/tmp', ULAK_SECRET_KEY: t.services.config.secretKey.toString('hex'), LOG_LEVEL: 'silent' }), {
      logger: createLogger('silent'),
      drivers: { whatsapp: sessionDriver('B', sent) },
      jobPollingIntervalSeconds: 0.5,
      retryBaseMs: 50,
    });
    await startWorkers(other, { pullers: false });
    const before = sent.length;
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await admin.ok('POST', `/api/conversations/${conversationId}/messages`, { text: `reply ${i}` })).id);
    await waitFor(async () => (await Promise.all(ids.map(statusOf))).every((m) => m.status === 'sent'), 20_000);
    const now = sent.slice(before);
    expect(now.toSorted()).toEqual(Array.from({ length: 12 }, (_, i) => `A:reply ${i}`).toSorted());
    // Process B handed on what it picked up instead of failing attempts against a session it does not have.
    for (const id of ids) expect((await statusOf(id)).metadata).not.toHaveProperty('lastError');
  });
});

describe('a reply no process can send for a day', () => {
  const sent: string[] = [];
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ workers: true, drivers: { whatsapp: sessionDriver('A', sent) } });
  });
  afterAll(() => t.close());

  it('is marked failed in words after 24 hours, and goes out when sent again once the session is back', async () => {
    const admin = await Client.admin(t.app);
    const channelId = (await insertChannel(t.services.database, 'whatsapp')).id;
    const { conversationId } = await ingestMessage(
      t.services.ingest,
      { id: channelId, kind: 'whatsapp' },
      inbound({ from: { identities: [{ kind: 'whatsapp', value: '905329990000@s.whatsapp.net' }], name: 'Can' } }),
    );
    const reply = await admin.ok('POST', `/api/conversations/${conversationId}/messages`, { text: 'Yarın teslim' });
    const statusOf = async () => (await t.services.database.db.select().from(messages).where(eq(messages.id, reply.id)))[0]!;

    expect(await failStuckSends({ database: t.services.database, now: () => new Date(Date.now() + 23 * 3_600_000) })).toBe(0);
    expect(await failStuckSends({ database: t.services.database, now: () => new Date(Date.now() + 25 * 3_600_000) })).toBe(1);
    expect(await statusOf()).toMatchObject({ status: 'failed', errorCode: 'TEMPORARY', errorMessage: expect.stringContaining('Not sent within 24 hours') });

    // Written two days ago and sent again now: it gets a day of its own before it counts as stuck again.
    await t.services.database.db.execute(sql`update messages set sent_at = sent_at - interval '2 days' where id = ${reply.id}`);
    await admin.ok('POST', `/api/messages/${reply.id}/retry`);
    expect(await failStuckSends({ database: t.services.database, now: () => new Date(Date.now() + 23 * 3_600_000) })).toBe(0);
    expect(await t.services.runtime.startPulling(channelId)).toBe(true);
    await waitFor(async () => (await statusOf()).status === 'sent');
    expect(sent).toEqual(['A:Yarın teslim']); // once: the first job, woken by the session, found it failed and left it
  });
});
