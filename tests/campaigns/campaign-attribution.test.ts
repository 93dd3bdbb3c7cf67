// A campaign to 2,000 contacts with a 10% holdout: orders by recipients and held-out contacts inside and outside the
// conversion window, one refunded later, one won by a later campaign (last touch). Revenue, conversions and lift
// equal the hand computation below.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCampaignTick } from '../../server/campaigns/index.ts';
import { rowsOf } from '../../server/db/client.ts';
import { sendMarketingBatch } from '../../server/outbound/marketing-lane.ts';
import { holdout } from '../../workflows/guards/holdout.ts';
import { insertChannel } from '../support/fixtures.ts';
import { perRecipient } from '../support/money.ts';
import { recordingDriver } from '../support/recording-driver.ts';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';
import { seedContacts } from './seed-contacts.ts';

const CONTACTS = 2_000;
const DAY = 86_400_000;

describe('campaign revenue attribution', () => {
  let t: TestApp;
  let admin: Client;
  let marketer: Client;
  // 13:00 in Istanbul, outside quiet hours; the test moves this clock, it never sleeps.
  let clock = new Date('2026-06-01T10:00:00Z');
  const channel = recordingDriver('sms');
  const phone = (i: number) => `+9053200${String(i).padStart(5, '0')}`;

  beforeAll(async () => {
    t = await createTestApp({ now: () => clock, drivers: { sms: channel.driver } });
    admin = await Client.admin(t.app);
    marketer = await admin.user(['marketer']);
  }, 60_000);
  afterAll(async () => t.close());

  /**
   * The sending of 1,800 messages is other tests' subject: here the recipients still queued are marked sent in three
   * set-based statements, as the tick and the lane would leave them (a conversation, a sent message, the link).
   */
  async function markQueuedSent(campaignId: string, channelId: string) {
    await t.services.database.db.execute(sql`
      with r as (select contact_id from campaign_recipients where campaign_id = ${campaignId} and status = 'queued'),
      c as (insert into conversations (contact_id, token) select contact_id, gen_random_uuid()::text from r returning id, contact_id),
      m as (
        insert into messages (conversation_id, contact_id, channel_id, direction, sender_type, text, status, purpose, caused_by_automation, metadata, idempotency_key, sent_at)
        select c.id, c.contact_id, ${channelId}::uuid, 'out', 'automation', 'Hi, 20% off this week.', 'sent', 'marketing', true,
          jsonb_build_object('campaignId', ${campaignId}::text), 'campaign:' || ${campaignId}::text || ':' || c.contact_id::text, ${clock.toISOString()}::timestamptz
        from c returning id, contact_id)
      update campaign_recipients r set status = 'sent', message_id = m.id, channel_id = ${channelId}::uuid, sent_at = ${clock.toISOString()}::timestamptz, updated_at = ${clock.toISOString()}::timestamptz
      from m where r.campaign_id = ${campaignId} and r.contact_id = m.contact_id`);
  }

  /** Starts a campaign to a label and sends it (through the tick and the marketing lane unless `seeded`); returns it and when it sent. */
  async function run(name: string, label: string, templateId: string, channelId: string, options: { holdoutPercent?: number; seeded?: boolean } = {}) {
    const { holdoutPercent } = options;
    const campaign = await marketer.ok('POST', '/api/campaigns', {
      name,
      conditions: { op: 'has_label', value: label },
      templateId,
      channelPolicy: { channelIds: [channelId] },
      schedule: { mode: 'now' },
      throttlePerSecond: 1_000,
      ...(holdoutPercent !== undefined && { holdoutPercent }),
    });
    const started = await marketer.ok('POST', `/api/campaigns/${campaign.id}/start`);
    const startedAt = clock;
    clock = new Date(clock.getTime() + 5_000);
    const sentAt = clock;
    if (options.seeded) await markQueuedSent(campaign.id, channelId);
    for (let i = 0; i < 10 && (await marketer.ok('GET', `/api/campaigns/${campaign.id}`)).status === 'running'; i++) {
      await runCampaignTick(t.services);
      while ((await sendMarketingBatch(t.services.send, { batchSize: 1_000 })).claimed);
    }
    return { campaign, started, startedAt, sentAt };
  }

  it('attributes paid orders in the window to the last campaign message, and measures the holdout from the start', async () => {
    const sms = await insertChannel(t.services.database, 'sms');
    const ids = await seedContacts(t.services.database, CONTACTS, () => ({ labels: ['customer'], timeZone: 'Europe/Istanbul' }));
    const template = await marketer.ok('POST', '/api/templates', { name: 'June sale', fallbackLanguage: 'en', languages: { en: { body: 'Hi {{contact.firstName | "there"}}, 20% off this week.' } } });
    await admin.ok('PUT', '/api/workspace/currency-rates', { rates: { USD: '30' } });

    const { campaign, started, startedAt, sentAt } = await run('June sale', 'customer', template.id, sms.id, { holdoutPercent: 10, seeded: true });
    // The holdout is the workflows' deterministic draw over campaign and contact.
    const index = new Map(ids.map((id, i) => [id, i]));
    const heldOutIds = ids.filter((id) => holdout(campaign.id, id, 10));
    const messagedIds = ids.filter((id) => !holdout(campaign.id, id, 10));
    // About 200 of 2,000 (10%), σ ≈ 13: bounds five σ out, so random ids fall outside about once in two million runs.
    expect(heldOutIds.length).toBeGreaterThan(130);
    expect(heldOutIds.length).toBeLessThan(270);
    expect(started).toMatchObject({ recipients: CONTACTS, heldOut: heldOutIds.length });
    // The tick that completed it found nobody left to send: the held out stay unsent.
    expect(channel.sent).toHaveLength(0);

    const [m0, m1, m2, m3, m4, m5, m6] = messagedIds.map((id) => phone(index.get(id)!));
    const [h0, h1, h2] = heldOutIds.map((id) => phone(index.get(id)!));
    const after = (from: Date, days: number) => new Date(from.getTime() + days * DAY).toISOString();
    const order = (externalId: string, who: string, placedAt: string, total: string, extra: Record<string, unknown> = {}) => ({
      externalId,
      contact: { phone: who },
      placedAt,
      currency: 'TRY',
      total,
      ...extra,
    });
    // A later campaign to m5 alone: the last touch before m5's order, so that order is its, not June sale's.
    await t.services.database.db.execute(sql`update contacts set labels = array['customer', 'vip'] where id = ${messagedIds[5]!}`);
    clock = new Date(sentAt.getTime() + DAY);
    const vip = await run('VIP', 'vip', template.id, sms.id);
    expect(channel.sent.map((m) => m.to.value)).toEqual([m5]);
    clock = new Date(sentAt.getTime() + 10 * DAY);
    const placed = await marketer.ok('POST', '/api/orders', {
      orders: [
        order('o-m0a', m0!, after(sentAt, 1), '100.00'), // in the window
        order('o-m0b', m0!, after(sentAt, 3), '50.00'), // the same buyer again: one conversion, 150.00
        order('o-m1', m1!, after(sentAt, 8), '80.00'), // after the 7-day window
        order('o-m2', m2!, after(sentAt, 2), '200.00'), // refunded below
        order('o-m3', m3!, after(sentAt, 6), '40.00', { currency: 'USD' }), // 40 USD × 30 = 1,200.00 TRY
        order('o-m4', m4!, after(sentAt, -1), '70.00'), // before the message
        order('o-m5', m5!, after(sentAt, 2), '90.00'), // after the VIP message a day later: the VIP campaign's
        order('o-m6', m6!, after(sentAt, 1), '300.00', { status: 'cancelled' }),
        order('o-h0', h0!, after(startedAt, 2), '60.00'), // held out, in the window from the start
        order('o-h1', h1!, after(startedAt, 9), '30.00'), // held out, outside
        order('o-h2', h2!, after(startedAt, 1), '25.00', { status: 'pending' }), // not paid
      ],
    });
    expect(placed).toMatchObject({ created: 11, rejected: [] });

    const expectRevenue = async (messaged: number[], heldOut: number[]) => {
      const stats = await marketer.ok('GET', `/api/campaigns/${campaign.id}/stats`);
      expect(stats).toMatchObject({ status: 'completed', total: CONTACTS, heldOut: heldOutIds.length, skipped: 0, sent: messagedIds.length });
      // Per-contact revenue: buyers as listed, everyone else zero.
      const group = (buyers: number[], n: number) => {
        const sum = buyers.reduce((a, b) => a + b, 0);
        const mean = sum / n;
        const variance = (buyers.reduce((a, b) => a + b * b, 0) - n * mean * mean) / (n - 1);
        return { n, sum, mean, variance, rate: buyers.length / n };
      };
      const a = group(messaged, messagedIds.length);
      const b = group(heldOut, heldOutIds.length);
      expect(stats.revenue).toMatchObject({
        currency: 'TRY',
        windowDays: 7,
        messaged: { contacts: a.n, converted: messaged.length, revenue: a.sum.toFixed(2), revenuePerRecipient: perRecipient(a.sum, a.n) },
        heldOut: { contacts: b.n, converted: heldOut.length, revenue: b.sum.toFixed(2), revenuePerRecipient: perRecipient(b.sum, b.n) },
      });
      expect(stats.revenue.messaged.conversionRate).toBeCloseTo(a.rate, 12);
      const d = a.rate - b.rate;
      const se = Math.sqrt((a.rate * (1 - a.rate)) / a.n + (b.rate * (1 - b.rate)) / b.n);
      const lift = stats.revenue.lift;
      expect(lift.conversionRate.absolute).toBeCloseTo(d, 12);
      expect(lift.conversionRate.relative).toBeCloseTo(d / b.rate, 12);
      expect(lift.conversionRate.ci95[0]).toBeCloseTo(d - 1.96 * se, 12);
      expect(lift.conversionRate.ci95[1]).toBeCloseTo(d + 1.96 * se, 12);
      const dm = a.mean - b.mean;
      const sem = Math.sqrt(a.variance / a.n + b.variance / b.n);
      expect(lift.revenuePerRecipient).toEqual({ absolute: dm.toFixed(2), ci95: [(dm - 1.96 * sem).toFixed(2), (dm + 1.96 * sem).toFixed(2)] });
      return stats;
    };
    // m0 150.00, m2 200.00, m3 1,200.00 against h0 60.00.
    await expectRevenue([150, 200, 1200], [60]);

    // Refunded after the fact: the figures drop it on the next read.
    await marketer.ok('POST', '/api/orders', { orders: [order('o-m2', m2!, after(sentAt, 2), '200.00', { status: 'refunded' })] });
    await expectRevenue([150, 1200], [60]);

    // The VIP campaign won m5's order by last touch; it has no holdout, so no lift.
    const vipStats = await marketer.ok('GET', `/api/campaigns/${vip.campaign.id}/stats`);
    expect(vipStats.revenue).toMatchObject({
      messaged: { contacts: 1, converted: 1, revenue: '90.00', revenuePerRecipient: '90.00', conversionRate: 1 },
      heldOut: { contacts: 0, converted: 0, revenue: '0.00', conversionRate: null },
      lift: null,
    });
    const [rows] = rowsOf<{ n: string }>(
      await t.services.database.db.execute(sql`select count(*) as n from campaign_recipients where campaign_id = ${campaign.id} and status = 'held_out' and message_id is null`),
    );
    expect(Number(rows!.n)).toBe(heldOutIds.length);
  }, 120_000);

  it('gives an order touched by two messages at the same instant to the message created later, whichever campaign it is', async () => {
    const sms = await insertChannel(t.services.database, 'sms');
    const [contactId] = await seedContacts(t.services.database, 1, () => ({ labels: ['tie'], timeZone: 'Europe/Istanbul' }), '+9053900');
    const template = await marketer.ok('POST', '/api/templates', { name: 'Tie', fallbackLanguage: 'en', languages: { en: { body: 'Hi again.' } } });
    const first = (await run('Tie one', 'tie', template.id, sms.id)).campaign;
    clock = new Date(clock.getTime() + DAY);
    const second = (await run('Tie two', 'tie', template.id, sms.id)).campaign;
    // Both touch at the same instant; ids are random, so sorted ones let the two cases below cover both orders of id.
    const [low, high] = [first.id, second.id].sort() as [string, string];
    const sentAt = new Date(clock.getTime() + DAY);
    const touchAt = async (campaignId: string, createdAt: Date) =>
      t.services.database.db.execute(sql`
        with r as (update campaign_recipients set sent_at = ${sentAt.toISOString()}::timestamptz where campaign_id = ${campaignId} and contact_id = ${contactId!} returning message_id)
        update messages set created_at = ${createdAt.toISOString()}::timestamptz where id in (select message_id from r)`);
    const converted = async (campaignId: string) => (await marketer.ok('GET', `/api/campaigns/${campaignId}/stats`)).revenue.messaged.converted;
    clock = new Date(sentAt.getTime() + 3 * DAY);
    await marketer.ok('POST', '/api/orders', {
      orders: [{ externalId: 'o-tie', contact: { phone: '+905390000000' }, placedAt: new Date(sentAt.getTime() + DAY).toISOString(), currency: 'TRY', total: '10.00' }],
    });

    await touchAt(low, new Date(sentAt.getTime() - 2_000));
    await touchAt(high, new Date(sentAt.getTime() - 1_000));
    expect([await converted(low), await converted(high)]).toEqual([0, 1]);
    await touchAt(low, new Date(sentAt.getTime() - 1_000));
    await touchAt(high, new Date(sentAt.getTime() - 2_000));
    expect([await converted(low), await converted(high)]).toEqual([1, 0]);
  }, 60_000);
});
