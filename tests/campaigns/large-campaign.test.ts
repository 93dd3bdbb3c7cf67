// A campaign to 10,000 contacts: throttled per tick, sent by the marketing lane, paused (holding what is already queued)
// and resumed without double sends, stats that add up and a status that stays running until the last message is final.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCampaignTick } from '../../server/campaigns/index.ts';
import { sendMarketingBatch } from '../../server/outbound/marketing-lane.ts';
import { recordingDriver } from '../support/recording-driver.ts';
import { rowsOf } from '../../server/db/client.ts';
import { insertChannel } from '../support/fixtures.ts';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';
import { seedContacts } from './seed-contacts.ts';

const CONTACTS = Number(process.env.CAMPAIGN_TEST_CONTACTS ?? 10_000);
const OPTED_OUT_EVERY = 100;
const THROTTLE = 200;

describe('a campaign to 10,000 contacts', () => {
  let t: TestApp;
  let marketer: Client;
  // 13:00 in Istanbul: outside quiet hours for everyone in this test.
  let clock = new Date('2026-06-01T10:00:00Z');
  const advance = (ms: number) => (clock = new Date(clock.getTime() + ms));
  const channel = recordingDriver('sms');
  /** Runs the marketing lane (no worker in this test) until nothing is left for it; returns how many went out. */
  const drain = async () => {
    let sent = 0;
    for (let r = await sendMarketingBatch(t.services.send, { batchSize: 1_000 }); r.claimed; r = await sendMarketingBatch(t.services.send, { batchSize: 1_000 })) sent += r.sent;
    return sent;
  };

  beforeAll(async () => {
    t = await createTestApp({ now: () => clock, drivers: { sms: channel.driver } });
    marketer = await (await Client.admin(t.app)).user(['marketer']);
  }, 60_000);
  afterAll(async () => t.close());

  it('respects its throttle, can be paused and resumed without double sends, and its stats add up', async () => {
    const sms = await insertChannel(t.services.database, 'sms');
    await seedContacts(t.services.database, CONTACTS, (i) => ({ labels: ['customer'], timeZone: 'Europe/Istanbul', sms: i % OPTED_OUT_EVERY === 0 ? 'opted_out' : undefined }));
    await seedContacts(t.services.database, 25, () => ({ labels: ['lead'] }), '+9053299');
    const template = await marketer.ok('POST', '/api/templates', { name: 'June sale', fallbackLanguage: 'en', languages: { en: { body: 'Hi {{contact.firstName | "there"}}, 20% off this week.' } } });
    const campaign = await marketer.ok('POST', '/api/campaigns', {
      name: 'June sale',
      conditions: { op: 'has_label', value: 'customer' },
      templateId: template.id,
      channelPolicy: { channelIds: [sms.id] },
      schedule: { mode: 'now' },
      throttlePerSecond: THROTTLE,
    });
    const started = await marketer.ok('POST', `/api/campaigns/${campaign.id}/start`);
    expect(started.recipients).toBe(CONTACTS);

    const tick = async (ms: number) => {
      advance(ms);
      const report = await runCampaignTick(t.services);
      const sent = report[campaign.id]?.sent ?? 0;
      expect(sent).toBeLessThanOrEqual(THROTTLE * (ms / 1000));
      return sent;
    };
    let sent = 0;
    for (let i = 0; i < 10; i++) sent += await tick(1_000);
    sent += await tick(500); // half a second buys half the budget
    expect(sent).toBe(THROTTLE * 10.5);
    // Queued for the lane, not yet sent: the stats say so.
    const waiting = await marketer.ok('GET', `/api/campaigns/${campaign.id}/stats`);
    expect(waiting).toMatchObject({ status: 'sending', sent: 0 });
    expect(waiting.queued + waiting.skipped).toBe(CONTACTS);

    // Paused with 2,100 messages already queued: the lane holds them, it does not send or fail them.
    await marketer.ok('POST', `/api/campaigns/${campaign.id}/pause`);
    for (let i = 0; i < 3; i++) expect(await tick(1_000)).toBe(0);
    expect(await drain()).toBe(0);
    expect(channel.sent).toHaveLength(0);
    const paused = await marketer.ok('GET', `/api/campaigns/${campaign.id}/stats`);
    expect(paused).toMatchObject({ status: 'paused', sent: 0, failed: 0, cancelled: 0, queued: waiting.queued });

    await marketer.ok('POST', `/api/campaigns/${campaign.id}/resume`);
    expect(await drain()).toBe(THROTTLE * 10.5);
    for (let i = 0; i < 200 && (await marketer.ok('GET', `/api/campaigns/${campaign.id}`)).status === 'running'; i++) {
      sent += await tick(1_000);
      await drain();
    }

    const optedOut = Math.ceil(CONTACTS / OPTED_OUT_EVERY);
    const stats = await marketer.ok('GET', `/api/campaigns/${campaign.id}/stats`);
    expect(stats).toMatchObject({ status: 'completed', total: CONTACTS, queued: 0, deferred: 0, sent: CONTACTS - optedOut, skipped: optedOut, failed: 0, bounced: 0, cancelled: 0, delivered: 0 });
    expect(stats.skippedByReason).toEqual({ 'opted-out': optedOut });
    expect(stats.queued + stats.deferred + stats.sent + stats.delivered + stats.failed + stats.bounced + stats.cancelled + stats.skipped).toBe(stats.total);
    expect(sent).toBe(CONTACTS - optedOut);
    // The channel was asked once per eligible contact.
    expect(channel.sent).toHaveLength(CONTACTS - optedOut);
    expect(new Set(channel.sent.map((m) => m.to.value)).size).toBe(CONTACTS - optedOut);

    // Exactly one message per eligible contact, found by the campaign's occurrence key.
    const [counts] = rowsOf<{ messages: string; keys: string; contacts: string }>(
      await t.services.database.db.execute(sql`
        select count(*) as messages, count(distinct idempotency_key) as keys, count(distinct contact_id) as contacts
        from messages where idempotency_key like ${`campaign:${campaign.id}:%`}`),
    );
    expect(Number(counts!.messages)).toBe(CONTACTS - optedOut);
    expect(Number(counts!.keys)).toBe(CONTACTS - optedOut);
    expect(Number(counts!.contacts)).toBe(CONTACTS - optedOut);
    const [wrong] = rowsOf<{ n: string }>(
      await t.services.database.db.execute(sql`
        select count(*) as n from messages m join consents k on k.contact_id = m.contact_id and k.channel = 'sms'
        where k.status = 'opted_out' and m.idempotency_key like ${`campaign:${campaign.id}:%`}`),
    );
    expect(Number(wrong!.n)).toBe(0);
  }, 400_000); // 10,000 contacts on a shared 2-core machine: a generous limit, never a speed check
});
