// The marketing lane on a clock the test moves: its own email thread per marketing message, claims that outlive
// their worker, bounces and retries in the campaign's counts, and a cancel that reaches messages a lane had claimed.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCampaignTick } from '../../server/campaigns/index.ts';
import { rowsOf } from '../../server/db/client.ts';
import { messages } from '../../server/db/schema/index.ts';
import { ingestMessage } from '../../server/inbound/ingest-message.ts';
import { claimMarketingSends } from '../../server/outbound/claim-marketing-sends.ts';
import { sendMarketingBatch } from '../../server/outbound/marketing-lane.ts';
import { leasesRunOut } from '../support/leases.ts';
import { SEND_LEASE_MS } from '../../server/outbound/send-outbound.ts';
import { performSend } from '../../server/workflows/perform-send.ts';
import { inbound, insertChannel } from '../support/fixtures.ts';
import { recordingDriver } from '../support/recording-driver.ts';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';
import { seedContacts } from './seed-contacts.ts';
import { eventually } from '../support/api-channel.ts';

describe('the marketing lane', () => {
  let t: TestApp;
  let marketer: Client;
  let clock = new Date('2026-06-15T10:00:00Z');
  const advance = (ms: number) => (clock = new Date(clock.getTime() + ms));
  const email = recordingDriver('email');
  let channel: { id: string };
  let serial = 0;

  beforeAll(async () => {
    t = await createTestApp({ now: () => clock, drivers: { email: email.driver } });
    marketer = await (await Client.admin(t.app)).user(['marketer']);
    channel = await insertChannel(t.services.database, 'email');
    await t.services.database.db.execute(sql`update channels set config = '{"fromAddress":"shop@shop.example"}' where id = ${channel.id}`);
  });
  afterAll(async () => t.close());

  // A minute's backoff before a retry: long enough that a lane run right after a failure must leave it alone.
  const lane = () => sendMarketingBatch({ ...t.services.send, retryBaseMs: 60_000 });
  const jobsFor = async (messageId: string) =>
    Number(rowsOf<{ n: string }>(await t.services.database.db.execute(sql`select count(*) as n from pgboss.job where data->>'messageId' = ${messageId}`))[0]!.n);

  /** A customer who wrote to us once, so their conversation has a thread a reply would continue. */
  async function customerWithThread(address: string) {
    const stored = await ingestMessage(
      t.services.ingest,
      { id: channel.id, kind: 'email' },
      inbound({
        from: { identities: [{ kind: 'email', value: address }], name: 'Ayşe Yılmaz' },
        subject: 'Sayın Ayşe, size özel VIP fırsatı',
        threading: { messageId: `<first-${address}>` },
      }),
    );
    return stored as { contactId: string; conversationId: string };
  }

  it('sends a marketing email as its own thread under the template subject, while a service message answers the thread', async () => {
    const { contactId, conversationId } = await customerWithThread('ayse@customer.example');
    const send = (purpose: 'marketing' | 'service', stepId: string, subject: string) =>
      performSend(t.services, {
        runId: crypto.randomUUID(),
        stepId,
        contactId,
        conversationId,
        purpose,
        subject,
        text: 'Merhaba',
        channel: { kind: 'email', identity: { kind: 'email', value: 'ayse@customer.example' } },
      });
    const greeting = await send('marketing', 'birthday', 'İyi ki doğdunuz!');
    const ack = await send('service', 'ack', 'Talebinizi aldık');
    const [m] = await t.services.database.db.select().from(messages).where(eq(messages.id, greeting.messageId));
    expect(m).toMatchObject({ subject: 'İyi ki doğdunuz!', inReplyTo: null, references: null, purpose: 'marketing' });
    const [s] = await t.services.database.db.select().from(messages).where(eq(messages.id, ack.messageId));
    expect(s).toMatchObject({ subject: 'Re: Sayın Ayşe, size özel VIP fırsatı', inReplyTo: '<first-ayse@customer.example>' });
    // Lanes: the service message has its pg-boss job, the marketing one none (the lane claims it).
    expect([await jobsFor(ack.messageId), await jobsFor(greeting.messageId)]).toEqual([1, 0]);

    expect(await lane()).toMatchObject({ claimed: 1, sent: 1 });
    const sent = email.sent.find((o) => o.id === greeting.messageId)!;
    expect(sent.subject).toBe('İyi ki doğdunuz!');
    expect(sent.threading?.inReplyTo).toBeUndefined();
    // Marked as marketing, so a channel paced by rate (WhatsApp) lets replies go first.
    expect(sent.purpose).toBe('marketing');
    expect(sent.threading?.references).toBeUndefined();
  });

  it('takes over a claim whose worker died once its lease runs out, and sends it once', async () => {
    const { contactId, conversationId } = await customerWithThread('mert@customer.example');
    const { messageId } = await performSend(t.services, {
      runId: crypto.randomUUID(),
      stepId: 'offer',
      contactId,
      conversationId,
      purpose: 'marketing',
      subject: 'Fırsat',
      text: 'İndirim',
      channel: { kind: 'email', identity: { kind: 'email', value: 'mert@customer.example' } },
    });
    // A worker claims it and dies before sending.
    expect((await claimMarketingSends({ database: t.services.database, now: () => clock, leaseMs: SEND_LEASE_MS }, 10)).map((m) => m.id)).toEqual([messageId]);
    expect(await lane()).toMatchObject({ claimed: 0 });
    // The business clock jumping a day ahead (a schedule, a test) is not time on the wire: the claim still holds.
    advance(24 * 60 * 60_000);
    expect(await lane()).toMatchObject({ claimed: 0 });
    await leasesRunOut(t.services.database);
    expect(await lane()).toMatchObject({ claimed: 1, sent: 1 });
    expect(await lane()).toMatchObject({ claimed: 0 });
    expect(email.sent.filter((o) => o.id === messageId)).toHaveLength(1);
  });

  async function emailCampaign(count: number) {
    const label = `lane${++serial}`;
    await seedContacts(t.services.database, count, (i) => ({ name: `K${i}`, labels: [label], timeZone: 'Europe/Istanbul', identity: { kind: 'email', value: `${label}-${i}@customer.example` } }));
    const template = await marketer.ok('POST', '/api/templates', { name: label, fallbackLanguage: 'en', languages: { en: { subject: 'June offers', body: 'Hello {{contact.firstName}}' } } });
    const campaign = await marketer.ok('POST', '/api/campaigns', {
      name: label,
      conditions: { op: 'has_label', value: label },
      templateId: template.id,
      channelPolicy: { channelIds: [channel.id] },
      schedule: { mode: 'now' },
      throttlePerSecond: 100,
    });
    await marketer.ok('POST', `/api/campaigns/${campaign.id}/start`);
    advance(1_000);
    await runCampaignTick(t.services);
    return { id: campaign.id as string, label, stats: () => marketer.ok('GET', `/api/campaigns/${campaign.id}/stats`) };
  }

  it('counts a refused address as bounced, retries a temporary failure after its backoff, and completes only when all are final', async () => {
    const c = await emailCampaign(3);
    email.refuse.set(`${c.label}-0@customer.example`, 'INVALID_RECIPIENT');
    email.refuse.set(`${c.label}-1@customer.example`, 'TEMPORARY');
    expect(await lane()).toMatchObject({ claimed: 3, sent: 1, failed: 1, retrying: 1 });
    expect(await lane()).toMatchObject({ claimed: 0 }); // the retry waits out its backoff
    await runCampaignTick(t.services);
    expect(await c.stats()).toMatchObject({ status: 'sending', queued: 1, sent: 1, bounced: 1, failed: 0 });

    email.refuse.delete(`${c.label}-1@customer.example`);
    await leasesRunOut(t.services.database); // the backoff is over
    expect(await lane()).toMatchObject({ claimed: 1, sent: 1 });
    await runCampaignTick(t.services);
    expect(await c.stats()).toMatchObject({ status: 'completed', queued: 0, sent: 2, bounced: 1, failed: 0 });
    const mails = email.sent.filter((o) => o.to.value.startsWith(`${c.label}-`));
    expect(mails.map((o) => o.subject)).toEqual(['June offers', 'June offers']);
  });

  it('counts a bounce that arrives hours later as bounced: by the returned Message-ID, else by the latest mail to its recipient', async () => {
    const c = await emailCampaign(3);
    expect(await lane()).toMatchObject({ claimed: 3, sent: 3 });
    await runCampaignTick(t.services);
    expect(await c.stats()).toMatchObject({ status: 'completed', sent: 3, bounced: 0 });
    const sentTo = async (address: string) =>
      (await t.services.database.db.select().from(messages).where(eq(messages.direction, 'out'))).find((m) => email.sent.some((o) => o.id === m.id && o.to.value === address))!;
    const first = await sentTo(`${c.label}-0@customer.example`);
    advance(3 * 3600_000);
    const report = (key: string, bounce: { recipient?: string; originalMessageId?: string }) =>
      ingestMessage(
        t.services.ingest,
        { id: channel.id, kind: 'email' },
        inbound({
          idempotencyKey: key,
          autoReply: true,
          from: { identities: [{ kind: 'email', value: 'mailer-daemon@mx.customer.example' }] },
          text: 'Undelivered',
          bounce: { reason: '550 5.1.1 User unknown', ...bounce },
        }),
      );
    // The report names the returned message (its headers came back with it), whatever recipient it gives.
    await report(`dsn-${c.label}-a`, { originalMessageId: first.emailMessageId!, recipient: 'someone-else@customer.example' });
    // This one gives only the recipient, who has a newer message still waiting in the lane: only the sent one can bounce.
    const second = await sentTo(`${c.label}-1@customer.example`);
    const waiting = await performSend(t.services, {
      runId: crypto.randomUUID(),
      stepId: 'later',
      contactId: second.contactId,
      conversationId: second.conversationId,
      purpose: 'marketing',
      subject: 'Later',
      text: 'Later',
      channel: { kind: 'email', identity: { kind: 'email', value: `${c.label}-1@customer.example` } },
    });
    await report(`dsn-${c.label}-b`, { recipient: `${c.label}-1@customer.example` });
    expect((await t.services.database.db.select().from(messages).where(eq(messages.id, waiting.messageId)))[0]!.status).toBe('queued');
    // A report for mail this channel never sent changes nothing.
    await report(`dsn-${c.label}-c`, { originalMessageId: '<never-sent@shop.example>' });
    expect(await c.stats()).toMatchObject({ status: 'completed', sent: 1, bounced: 2, failed: 0 });
    const [failed] = await t.services.database.db.select().from(messages).where(eq(messages.id, first.id));
    expect(failed).toMatchObject({ status: 'failed', errorCode: 'INVALID_RECIPIENT', errorMessage: '550 5.1.1 User unknown' });
    // The waiting message goes out, so the lane is empty for the next test.
    expect(await lane()).toMatchObject({ claimed: 1, sent: 1 });
  });

  it('records each send as it is accepted, not once the whole batch is through: a worker dying mid-batch leaves no sent message to send again', async () => {
    const c = await emailCampaign(5);
    let release!: () => void;
    email.hold.set(`${c.label}-4@customer.example`, new Promise<void>((resolve) => (release = resolve)));
    const running = lane();
    const statuses = async () =>
      rowsOf<{ status: string; n: string }>(
        await t.services.database.db.execute(
          sql`select m.status, count(*)::int as n from campaign_recipients r join messages m on m.id = r.message_id where r.campaign_id = ${c.id} group by m.status order by m.status`,
        ),
      );
    // Four were accepted while the fifth is still on the wire: they are already recorded as sent.
    await eventually(
      async () =>
        JSON.stringify(await statuses()) ===
        JSON.stringify([
          { status: 'queued', n: 1 },
          { status: 'sent', n: 4 },
        ]),
      30_000,
    );
    release();
    expect(await running).toMatchObject({ claimed: 5, sent: 5 });
    expect(await statuses()).toEqual([{ status: 'sent', n: 5 }]);
  });

  it('keeps its claim on a message still waiting to be sent when the batch outlasts one lease, so no other worker sends it too', async () => {
    const c = await emailCampaign(2);
    let release!: () => void;
    const slow = `${c.label}-1@customer.example`;
    email.hold.set(slow, new Promise<void>((resolve) => (release = resolve)));
    // Leases of 600 ms here (300 s in production): the held send waits through several of them.
    const shortLease = { ...t.services.send, retryBaseMs: 60_000, sendLeaseMs: 600 };
    const first = sendMarketingBatch(shortLease);
    await eventually(() => email.sent.some((o) => o.to.value === `${c.label}-0@customer.example`), 30_000);
    await new Promise((r) => setTimeout(r, 1_500));
    // Another worker's pass: had the claim run out, it would take the held message and wait on it too.
    const second = await Promise.race([sendMarketingBatch(shortLease), new Promise((r) => setTimeout(() => r('still sending the held message'), 10_000))]);
    release();
    expect(second).toMatchObject({ claimed: 0 });
    expect(await first).toMatchObject({ claimed: 2, sent: 2 });
    expect(email.sent.filter((o) => o.to.value === slow)).toHaveLength(1);
  });

  it('cancels queued messages at once and the one a lane had claimed when its claim is checked again', async () => {
    const c = await emailCampaign(4);
    const [claimed] = await claimMarketingSends({ database: t.services.database, now: () => clock, leaseMs: SEND_LEASE_MS }, 1);
    await marketer.ok('POST', `/api/campaigns/${c.id}/cancel`);
    expect(await c.stats()).toMatchObject({ status: 'cancelled', queued: 1, cancelled: 3 });
    await leasesRunOut(t.services.database);
    expect(await lane()).toMatchObject({ claimed: 1, cancelled: 1, sent: 0 });
    expect(await c.stats()).toMatchObject({ status: 'cancelled', queued: 0, sent: 0, cancelled: 4 });
    expect(email.sent.filter((o) => o.id === claimed!.id)).toHaveLength(0);
  });
});
