// A/B campaigns over a few hundred contacts: the split is the pure hash's, the test share is sent first, the winner
// (by replies, or picked by the marketer) goes to everyone else, nobody is messaged twice, and the lift carries its
// 95% interval; three variants' revenue is measured in the campaign's one attribution pass.
import { inArray, sql, type SQLWrapper } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCampaignTick } from '../../server/campaigns/index.ts';
import { rowsOf } from '../../server/db/client.ts';
import { contacts, messageEngagements } from '../../server/db/schema/index.ts';
import { ingestMessage } from '../../server/inbound/ingest-message.ts';
import { sendMarketingBatch } from '../../server/outbound/marketing-lane.ts';
import { proportionDifference } from '../../workflows/attribution/lift.ts';
import { holdout } from '../../workflows/guards/holdout.ts';
import { assignVariant, inTestPhase } from '../../workflows/guards/variant-split.ts';
import { inbound, insertChannel } from '../support/fixtures.ts';
import { perRecipient } from '../support/money.ts';
import { recordingDriver } from '../support/recording-driver.ts';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';
import { seedContacts } from './seed-contacts.ts';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const BODY = { A: 'Summer sale: 20% off.', B: 'Only this week: 20% off everything!' } as const;

describe('campaign A/B tests', () => {
  let t: TestApp;
  let admin: Client;
  let marketer: Client;
  // 13:00 in Istanbul, outside quiet hours; the test moves this clock, it never sleeps.
  let clock = new Date('2026-06-01T10:00:00Z');
  const channel = recordingDriver('sms');
  let smsId: string;
  let templateIds: { A: string; B: string };
  const phone = (i: number) => `+9053200${String(i).padStart(5, '0')}`;

  beforeAll(async () => {
    t = await createTestApp({ now: () => clock, drivers: { sms: channel.driver } });
    admin = await Client.admin(t.app);
    marketer = await admin.user(['marketer']);
    smsId = (await insertChannel(t.services.database, 'sms')).id;
    const a = await marketer.ok('POST', '/api/templates', { name: 'Sale A', fallbackLanguage: 'en', languages: { en: { body: BODY.A } } });
    const b = await marketer.ok('POST', '/api/templates', { name: 'Sale B', fallbackLanguage: 'en', languages: { en: { body: BODY.B } } });
    templateIds = { A: a.id, B: b.id };
  }, 60_000);
  afterAll(async () => t.close());

  /** Ticks (the clock a few seconds on, so the throttle has budget) and drains the marketing lane until nothing is left due. */
  async function sendDue() {
    for (let i = 0; i < 5; i++) {
      clock = new Date(clock.getTime() + 5_000);
      await runCampaignTick(t.services);
      while ((await sendMarketingBatch(t.services.send, { batchSize: 1_000 })).claimed);
    }
  }

  const create = (name: string, label: string, abTest: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    marketer.ok('POST', '/api/campaigns', {
      name,
      conditions: { op: 'has_label', value: label },
      variants: [
        { key: 'A', templateId: templateIds.A },
        { key: 'B', templateId: templateIds.B },
      ],
      abTest,
      channelPolicy: { channelIds: [smsId] },
      schedule: { mode: 'now' },
      throttlePerSecond: 1_000,
      ...extra,
    });

  const recipients = async (campaignId: string) =>
    rowsOf<{ contact_id: string; status: string; variant: string | null; ab_phase: string | null }>(
      await t.services.database.db.execute(sql`select contact_id, status, variant, ab_phase from campaign_recipients where campaign_id = ${campaignId}`),
    );

  it('refuses variants that cannot be tested, in words', async () => {
    const base = { name: 'Bad', conditions: { op: 'has_label', value: 'x' }, channelPolicy: { channelIds: [smsId] }, schedule: { mode: 'now' } };
    const refused = async (body: Record<string, unknown>) =>
      (await marketer.call('POST', '/api/campaigns', { ...base, ...body })) as { status: number; body: { error: { code: string; message: string } } };
    const A = { key: 'A', templateId: templateIds.A };
    const B = { key: 'B', templateId: templateIds.B };
    const reply = { metric: 'reply' };
    expect(await refused({ variants: [A, { ...B, key: 'A' }], abTest: reply })).toMatchObject({
      status: 422,
      body: { error: { code: 'validation_failed', message: expect.stringContaining('each variant needs its own key') } },
    });
    expect(await refused({ variants: [A, { ...B, weight: 0 }], abTest: reply })).toMatchObject({ status: 422, body: { error: { message: expect.stringContaining('weight must be more than 0') } } });
    expect(await refused({ variants: [A], abTest: reply })).toMatchObject({ status: 422, body: { error: { message: expect.stringContaining('2 to 4 variants') } } });
    expect(await refused({ variants: [A, { ...B, templateId: crypto.randomUUID() }], abTest: reply })).toMatchObject({
      status: 422,
      body: { error: { code: 'unknown_template', message: "Variant B's template does not exist" } },
    });
    expect(await refused({ variants: [A, B] })).toMatchObject({ status: 422, body: { error: { message: expect.stringContaining('variants need abTest') } } });
    expect(await refused({ variants: [A, B], abTest: { metric: 'open' } })).toMatchObject({ status: 422, body: { error: { message: expect.stringContaining('reply, click or conversion') } } });
    expect(await refused({ variants: [A, B], abTest: { metric: 'click', testPercent: 80 } })).toMatchObject({
      status: 422,
      body: { error: { message: expect.stringContaining('testPercent is 1 to 50') } },
    });
  });

  it("refuses to start while any variant's template would leave a blank for anyone in the audience, naming the variant", async () => {
    const ids = await seedContacts(t.services.database, 6, (i) => ({ labels: ['blanks'], attributes: i < 2 ? { coupon: 'SUMMER' } : {} }), '+9053600');
    const coupon = await marketer.ok('POST', '/api/templates', { name: 'Coupon B', fallbackLanguage: 'en', languages: { en: { body: 'Your code: {{contact.attributes.coupon}}' } } });
    const campaign = await marketer.ok('POST', '/api/campaigns', {
      name: 'Blanks A/B',
      conditions: { op: 'has_label', value: 'blanks' },
      variants: [
        { key: 'A', templateId: templateIds.A },
        { key: 'B', templateId: coupon.id },
      ],
      // Whatever the split draws for B's test group, the remainder may be sent B: everyone not held out is checked.
      abTest: { metric: 'reply', testPercent: 10 },
      channelPolicy: { channelIds: [smsId] },
      schedule: { mode: 'now' },
    });
    const refused = await marketer.call('POST', `/api/campaigns/${campaign.id}/start`);
    expect(refused).toMatchObject({
      status: 422,
      body: {
        error: {
          code: 'template_variable_missing',
          message: `Variant B's template would leave blanks: {{contact.attributes.coupon}} has no value for ${ids.length - 2} contacts and no fallback (write {{contact.attributes.coupon | "…"}})`,
          fields: [{ path: 'template', code: 'template_variable_missing', variable: 'contact.attributes.coupon', contacts: ids.length - 2, variant: 'B' }],
        },
      },
    });
    expect(await marketer.ok('GET', `/api/campaigns/${campaign.id}/stats`)).toMatchObject({ status: 'draft', total: 0 });
  });

  it('sends the test share first, then the variant with more replies to everyone else after decideAfterHours', async () => {
    const CONTACTS = 400;
    const ids = await seedContacts(t.services.database, CONTACTS, () => ({ labels: ['ab'], timeZone: 'Europe/Istanbul' }));
    const index = new Map(ids.map((id, i) => [id, i]));
    const campaign = await create('Summer A/B', 'ab', { metric: 'reply', testPercent: 30, decideAfterHours: 4 }, { holdoutPercent: 10 });
    const started = await marketer.ok('POST', `/api/campaigns/${campaign.id}/start`);
    const startedAt = clock;

    // The split is the pure functions': held out first, then test share or remainder, then the variant by weight.
    const messaged = ids.filter((id) => !holdout(campaign.id, id, 10));
    const test = messaged.filter((id) => inTestPhase(campaign.id, id, 30));
    const expectedVariant = new Map(
      test.map((id) => [
        id,
        assignVariant(campaign.id, id, [
          { key: 'A', weight: 1 },
          { key: 'B', weight: 1 },
        ]).key,
      ]),
    );
    const group = (key: string) => test.filter((id) => expectedVariant.get(id) === key);
    expect(started).toMatchObject({ recipients: CONTACTS, heldOut: CONTACTS - messaged.length });
    // About 108 of 400 (27%), σ ≈ 9: bounds five σ out, so random ids fall outside about once in two million runs.
    expect(test.length).toBeGreaterThan(60);
    expect(test.length).toBeLessThan(160);
    const rows = await recipients(campaign.id);
    expect(new Map(rows.filter((r) => r.ab_phase === 'test').map((r) => [r.contact_id, r.variant]))).toEqual(expectedVariant);
    expect(rows.filter((r) => r.status === 'awaiting_winner').length).toBe(messaged.length - test.length);

    // Test phase: only the test share is sent, each its own variant's text.
    await sendDue();
    expect(channel.sent).toHaveLength(test.length);
    const byPhone = new Map(ids.map((id) => [phone(index.get(id)!), id]));
    for (const m of channel.sent) expect(m.text).toBe(BODY[expectedVariant.get(byPhone.get(m.to.value)!) as 'A' | 'B']);
    let stats = await marketer.ok('GET', `/api/campaigns/${campaign.id}/stats`);
    expect(stats).toMatchObject({ status: 'sending', awaitingWinner: messaged.length - test.length, abTest: { metric: 'reply', winner: null, decidedBy: null } });

    // B's recipients answer more: every second one of B, every fifth one of A.
    clock = new Date(startedAt.getTime() + HOUR);
    const repliers = [...group('A').filter((_, i) => i % 5 === 0), ...group('B').filter((_, i) => i % 2 === 0)];
    for (const id of repliers) {
      await ingestMessage(
        t.services.ingest,
        { id: smsId, kind: 'sms' },
        inbound({ from: { identities: [{ kind: 'phone', value: phone(index.get(id)!) }] }, text: 'Is it for shoes too?', sentAt: clock }),
      );
    }
    const a = { n: group('A').length, x: group('A').filter((_, i) => i % 5 === 0).length };
    const b = { n: group('B').length, x: group('B').filter((_, i) => i % 2 === 0).length };

    // Not yet: four hours after the first test send.
    clock = new Date(startedAt.getTime() + 4 * HOUR - 60_000);
    await sendDue();
    expect(channel.sent).toHaveLength(test.length);
    clock = new Date(startedAt.getTime() + 4 * HOUR + 60_000);
    await sendDue();

    stats = await marketer.ok('GET', `/api/campaigns/${campaign.id}/stats`);
    const lift = proportionDifference(b, a);
    expect(stats).toMatchObject({
      status: 'completed',
      awaitingWinner: 0,
      heldOut: CONTACTS - messaged.length,
      sent: messaged.length,
      variants: [
        { key: 'A', templateId: templateIds.A, recipients: a.n, sent: a.n, replied: a.x, clicked: 0, converted: 0, revenue: '0.00', rate: a.x / a.n },
        { key: 'B', templateId: templateIds.B, recipients: b.n, sent: b.n, replied: b.x, clicked: 0, converted: 0, revenue: '0.00', rate: b.x / b.n },
      ],
      abTest: { metric: 'reply', testPercent: 30, winner: 'B', decidedBy: 'auto', leader: 'B', runnerUp: 'A', significant: lift.ci95[0] > 0 },
    });
    expect(stats.abTest.lift.absolute).toBeCloseTo(b.x / b.n - a.x / a.n, 12);
    expect(stats.abTest.lift.ci95[0]).toBeCloseTo(lift.ci95[0], 12);
    expect(stats.abTest.lift.ci95[1]).toBeCloseTo(lift.ci95[1], 12);
    expect(new Date(stats.abTest.decidedAt).getTime()).toBeGreaterThanOrEqual(startedAt.getTime() + 4 * HOUR);

    // Everyone not held out got exactly one message; the remainder got the winner's.
    const phones = channel.sent.map((m) => m.to.value);
    expect(new Set(phones).size).toBe(phones.length);
    expect(phones.sort()).toEqual(messaged.map((id) => phone(index.get(id)!)).sort());
    const remainder = channel.sent.slice(test.length);
    expect(remainder).toHaveLength(messaged.length - test.length);
    expect(remainder.every((m) => m.text === BODY.B)).toBe(true);
    expect((await marketer.call('POST', `/api/campaigns/${campaign.id}/winner`, { key: 'A' })).status).toBe(409);
    // The OpenAPI document describes the fields and the route.
    const openapi = await marketer.ok('GET', '/api/openapi.json');
    expect(Object.keys(openapi.paths['/api/campaigns/{id}/winner'])).toEqual(['post']);
    expect(JSON.stringify(openapi.paths['/api/campaigns'].post)).toContain('decideAfterHours');
  }, 120_000);

  it('lets the marketer pick the winner early; clicks are the metric, and the remainder gets the pick at once', async () => {
    const ids = await seedContacts(t.services.database, 200, () => ({ labels: ['manual'], timeZone: 'Europe/Istanbul' }), '+9053300');
    const campaign = await create('Clicks A/B', 'manual', { metric: 'click', testPercent: 25, decideAfterHours: 24 });
    await marketer.ok('POST', `/api/campaigns/${campaign.id}/start`);
    const before = channel.sent.length;
    await sendDue();
    const test = ids.filter((id) => inTestPhase(campaign.id, id, 25));
    expect(channel.sent.length - before).toBe(test.length);

    // Two clicks on A's messages, none on B's.
    const sentRows = rowsOf<{ message_id: string; variant: string }>(
      await t.services.database.db.execute(sql`select message_id, variant from campaign_recipients where campaign_id = ${campaign.id} and status = 'sent'`),
    );
    const aMessages = sentRows.filter((r) => r.variant === 'A').slice(0, 2);
    await t.services.database.db
      .insert(messageEngagements)
      .values(aMessages.map((r) => ({ messageId: r.message_id, kind: 'click' as const, url: 'https://shop.example/sale', linkIndex: 0, at: clock, machine: false })));
    let stats = await marketer.ok('GET', `/api/campaigns/${campaign.id}/stats`);
    expect(stats.variants.map((v: { key: string; clicked: number }) => [v.key, v.clicked])).toEqual([
      ['A', 2],
      ['B', 0],
    ]);
    expect(stats.abTest).toMatchObject({ winner: null, leader: 'A', runnerUp: 'B', lift: { absolute: expect.any(Number) } });

    expect(await marketer.call('POST', `/api/campaigns/${campaign.id}/winner`, { key: 'C' })).toMatchObject({ status: 422, body: { error: { code: 'unknown_variant' } } });
    // The marketer prefers B (its wording), whatever the clicks say.
    expect(await marketer.ok('POST', `/api/campaigns/${campaign.id}/winner`, { key: 'B' })).toMatchObject({ winner: 'B', winnerDecidedBy: 'manual' });
    expect(await marketer.call('POST', `/api/campaigns/${campaign.id}/winner`, { key: 'A' })).toMatchObject({ status: 409, body: { error: { code: 'winner_chosen' } } });
    await sendDue();
    const sent = channel.sent.slice(before);
    expect(sent).toHaveLength(200);
    expect(new Set(sent.map((m) => m.to.value)).size).toBe(200);
    expect(sent.slice(test.length).every((m) => m.text === BODY.B)).toBe(true);
    stats = await marketer.ok('GET', `/api/campaigns/${campaign.id}/stats`);
    expect(stats).toMatchObject({ status: 'completed', sent: 200, abTest: { winner: 'B', decidedBy: 'manual', leader: 'B', runnerUp: 'A', significant: false } });
    // The lift is the chosen winner's over the other variant: B clicked less, so it is negative.
    expect(stats.abTest.lift.absolute).toBeLessThan(0);
  }, 120_000);

  it('sends a tiny audience the first variant at once when the test share draws nobody, instead of waiting for ever', async () => {
    const campaign = await create('Tiny A/B', 'tiny', { metric: 'reply', testPercent: 5, decideAfterHours: 4 });
    // The audience is exactly the contacts the 5% test share leaves out, so the test phase has nobody to message.
    const pool = await seedContacts(t.services.database, 12, () => ({ timeZone: 'Europe/Istanbul' }), '+9053500');
    const outside = pool.filter((id) => !inTestPhase(campaign.id, id, 5));
    expect(outside.length).toBeGreaterThan(5);
    await t.services.database.db
      .update(contacts)
      .set({ labels: ['tiny'] })
      .where(inArray(contacts.id, outside));
    expect(await marketer.ok('POST', `/api/campaigns/${campaign.id}/start`)).toMatchObject({ recipients: outside.length });
    expect((await recipients(campaign.id)).map((r) => r.status)).toEqual(outside.map(() => 'awaiting_winner'));

    const before = channel.sent.length;
    await sendDue();
    const sent = channel.sent.slice(before);
    expect(sent.map((m) => m.to.value).sort()).toEqual(outside.map((id) => `+9053500${String(pool.indexOf(id)).padStart(5, '0')}`).sort());
    expect(sent.every((m) => m.text === BODY.A)).toBe(true);
    expect(await marketer.ok('GET', `/api/campaigns/${campaign.id}/stats`)).toMatchObject({
      status: 'completed',
      awaitingWinner: 0,
      sent: outside.length,
      variants: [
        { key: 'A', recipients: 0, sent: 0 },
        { key: 'B', recipients: 0, sent: 0 },
      ],
      abTest: { winner: 'A', decidedBy: 'untested', lift: null, significant: false },
    });
  }, 120_000);

  it('releases a scheduled campaign whose test share drew nobody at its planned time, not before, with the first variant', async () => {
    const at = new Date(clock.getTime() + 2 * HOUR);
    const campaign = await create('Tiny later', 'tiny-later', { metric: 'click', testPercent: 5 }, { schedule: { mode: 'at', at: at.toISOString() } });
    const pool = await seedContacts(t.services.database, 8, () => ({ timeZone: 'Europe/Istanbul' }), '+9053800');
    const outside = pool.filter((id) => !inTestPhase(campaign.id, id, 5));
    await t.services.database.db
      .update(contacts)
      .set({ labels: ['tiny-later'] })
      .where(inArray(contacts.id, outside));
    await marketer.ok('POST', `/api/campaigns/${campaign.id}/start`);

    const before = channel.sent.length;
    await sendDue();
    expect(channel.sent.length).toBe(before);
    expect(await marketer.ok('GET', `/api/campaigns/${campaign.id}/stats`)).toMatchObject({
      status: 'scheduled',
      queued: outside.length,
      awaitingWinner: 0,
      abTest: { winner: 'A', decidedBy: 'untested' },
    });
    clock = new Date(at.getTime() + 1_000);
    await sendDue();
    expect(channel.sent.slice(before).map((m) => m.text)).toEqual(outside.map(() => BODY.A));
    expect(await marketer.ok('GET', `/api/campaigns/${campaign.id}/stats`)).toMatchObject({ status: 'completed', sent: outside.length });
  }, 120_000);

  it('without a test share splits everyone at once and only reports the winner when its hours are up', async () => {
    const ids = await seedContacts(t.services.database, 60, () => ({ labels: ['split'], timeZone: 'Europe/Istanbul' }), '+9053400');
    const campaign = await create('Split all', 'split', { metric: 'reply', decideAfterHours: 2 });
    await marketer.ok('POST', `/api/campaigns/${campaign.id}/start`);
    const startedAt = clock;
    const before = channel.sent.length;
    await sendDue();
    expect(channel.sent.length - before).toBe(60);
    const bIds = ids.filter(
      (id) =>
        assignVariant(campaign.id, id, [
          { key: 'A', weight: 1 },
          { key: 'B', weight: 1 },
        ]).key === 'B',
    );
    const rows = await recipients(campaign.id);
    expect(
      rows
        .filter((r) => r.variant === 'B')
        .map((r) => r.contact_id)
        .sort(),
    ).toEqual([...bIds].sort());
    await ingestMessage(
      t.services.ingest,
      { id: smsId, kind: 'sms' },
      inbound({ from: { identities: [{ kind: 'phone', value: `+9053400${String(ids.indexOf(bIds[0]!)).padStart(5, '0')}` }] }, text: 'Yes please', sentAt: clock }),
    );
    expect(await marketer.ok('GET', `/api/campaigns/${campaign.id}/stats`)).toMatchObject({ status: 'completed', awaitingWinner: 0, abTest: { winner: null, leader: 'B' } });
    clock = new Date(startedAt.getTime() + 2 * HOUR + 60_000);
    await runCampaignTick(t.services);
    expect(await marketer.ok('GET', `/api/campaigns/${campaign.id}/stats`)).toMatchObject({ status: 'completed', abTest: { winner: 'B', decidedBy: 'auto' } });
    expect(channel.sent.length - before).toBe(60);
  }, 120_000);
  it('previews and test-sends the variant asked for (A by default), before and after Start, and refuses a key the campaign lacks', async () => {
    await seedContacts(t.services.database, 3, () => ({ labels: ['peek'], timeZone: 'Europe/Istanbul' }), '+9053700');
    const campaign = await create('Peek A/B', 'peek', { metric: 'reply' });
    const preview = (body: Record<string, unknown> = {}) => marketer.call('POST', `/api/campaigns/${campaign.id}/preview`, body);
    const testSend = (body: Record<string, unknown> = {}) => marketer.call('POST', `/api/campaigns/${campaign.id}/test-send`, { to: '+90 555 111 22 33', ...body });
    expect(await preview()).toMatchObject({ status: 200, body: { variant: 'A', sample: { body: BODY.A } } });
    expect(await preview({ variant: 'B' })).toMatchObject({ status: 200, body: { variant: 'B', sample: { body: BODY.B } } });
    expect(await preview({ variant: 'C' })).toMatchObject({ status: 422, body: { error: { code: 'unknown_variant', message: 'The campaign has no variant C (it has A, B)' } } });

    const before = channel.sent.length;
    expect(await testSend({ variant: 'B' })).toMatchObject({ status: 200, body: { variant: 'B', body: BODY.B } });
    expect(await testSend()).toMatchObject({ status: 200, body: { variant: 'A', body: BODY.A } });
    expect(await testSend({ variant: 'Z' })).toMatchObject({ status: 422, body: { error: { code: 'unknown_variant' } } });
    expect(channel.sent.slice(before).map((m) => [m.to.value, m.text])).toEqual([
      ['+905551112233', `[Test] ${BODY.B}`],
      ['+905551112233', `[Test] ${BODY.A}`],
    ]);

    // Once started, each variant shows its snapshot: editing B's template afterwards changes nothing sent.
    await marketer.ok('POST', `/api/campaigns/${campaign.id}/start`);
    await marketer.ok('PUT', `/api/templates/${templateIds.B}`, { name: 'Sale B', fallbackLanguage: 'en', languages: { en: { body: 'Edited after the start' } } });
    expect(await preview({ variant: 'B' })).toMatchObject({ status: 200, body: { variant: 'B', sample: { body: BODY.B } } });

    // A campaign with one message has no variants to ask for.
    const single = await marketer.ok('POST', '/api/campaigns', {
      name: 'One',
      conditions: { op: 'has_label', value: 'peek' },
      templateId: templateIds.A,
      channelPolicy: { channelIds: [smsId] },
      schedule: { mode: 'now' },
    });
    expect(await marketer.ok('POST', `/api/campaigns/${single.id}/preview`)).toMatchObject({ variant: null, sample: { body: BODY.A } });
    expect(await marketer.call('POST', `/api/campaigns/${single.id}/preview`, { variant: 'B' })).toMatchObject({
      status: 422,
      body: { error: { code: 'unknown_variant', message: 'The campaign has no variants' } },
    });
    const openapi = await marketer.ok('GET', '/api/openapi.json');
    expect(JSON.stringify(openapi.paths['/api/campaigns/{id}/test-send'].post)).toContain('variant');
  });

  /** How many statements the database ran that were attribution passes (the last-touch query), while `fn` ran. */
  async function attributionPasses(fn: () => Promise<unknown>) {
    const dialect = new PgDialect({ casing: 'snake_case' });
    const execute = vi.spyOn(t.services.database.db, 'execute');
    try {
      await fn();
      return execute.mock.calls.filter(([q]) => (typeof q === 'string' ? q : dialect.sqlToQuery((q as SQLWrapper).getSQL()).sql).includes('last_touch')).length;
    } finally {
      execute.mockRestore();
    }
  }

  it('reports each of three variants the revenue its test group bought, from the campaign’s one attribution pass', async () => {
    // 13:00 in Istanbul on the day after the earlier tests' clock: outside quiet hours.
    clock = new Date(Math.ceil(clock.getTime() / DAY) * DAY + 10 * HOUR);
    const ids = await seedContacts(t.services.database, 90, () => ({ labels: ['trio'], timeZone: 'Europe/Istanbul' }), '+9054100');
    const phone = (i: number) => `+9054100${String(i).padStart(5, '0')}`;
    await admin.ok('PUT', '/api/workspace/currency-rates', { rates: { USD: '30' } });
    const sale = await marketer.ok('POST', '/api/templates', { name: 'Sale C', fallbackLanguage: 'en', languages: { en: { body: 'Last chance: 20% off.' } } });
    const templates = { ...templateIds, C: sale.id as string };
    const campaign = await marketer.ok('POST', '/api/campaigns', {
      name: 'Trio',
      conditions: { op: 'has_label', value: 'trio' },
      variants: (['A', 'B', 'C'] as const).map((key) => ({ key, templateId: templates[key] })),
      abTest: { metric: 'conversion', testPercent: 50, decideAfterHours: 48 },
      holdoutPercent: 10,
      channelPolicy: { channelIds: [smsId] },
      schedule: { mode: 'now' },
      throttlePerSecond: 1_000,
    });
    await marketer.ok('POST', `/api/campaigns/${campaign.id}/start`);
    await sendDue();
    // The remainder gets B, picked by hand, after the test.
    await marketer.ok('POST', `/api/campaigns/${campaign.id}/winner`, { key: 'B' });
    await sendDue();

    const rows = rowsOf<{ contact_id: string; status: string; variant: string | null; ab_phase: string | null; sent_at: string | Date | null }>(
      await t.services.database.db.execute(sql`select contact_id, status, variant, ab_phase, sent_at from campaign_recipients where campaign_id = ${campaign.id}`),
    );
    const index = new Map(ids.map((id, i) => [id, i]));
    const who = (r: (typeof rows)[number]) => ({ phone: phone(index.get(r.contact_id)!), sentAt: new Date(r.sent_at ?? 0) });
    const inTest = (key: string) => rows.filter((r) => r.ab_phase === 'test' && r.variant === key && r.status === 'sent').map(who);
    const [a, b, c] = [inTest('A'), inTest('B'), inTest('C')];
    const remainder = rows.filter((r) => r.ab_phase === 'remainder' && r.status === 'sent').map(who);
    const heldOut = rows.filter((r) => r.status === 'held_out');
    for (const group of [a, b, c, remainder]) expect(group.length).toBeGreaterThan(2);
    expect(heldOut.length).toBeGreaterThan(0);

    // A later campaign to c[1] alone: its last touch, so c[1]'s order is not variant C's.
    await t.services.database.db.execute(sql`update contacts set labels = array['trio', 'vip'] where id = ${rows.find((r) => who(r).phone === c[1]!.phone)!.contact_id}`);
    clock = new Date(c[1]!.sentAt.getTime() + DAY);
    const vip = await marketer.ok('POST', '/api/campaigns', {
      name: 'VIP',
      conditions: { op: 'has_label', value: 'vip' },
      templateId: templates.A,
      channelPolicy: { channelIds: [smsId] },
      schedule: { mode: 'now' },
      throttlePerSecond: 1_000,
    });
    await marketer.ok('POST', `/api/campaigns/${vip.id}/start`);
    await sendDue();

    const after = (p: { sentAt: Date }, days: number) => new Date(p.sentAt.getTime() + days * DAY).toISOString();
    const order = (externalId: string, p: { phone: string; sentAt: Date }, days: number, total: string, extra: Record<string, unknown> = {}) => ({
      externalId,
      contact: { phone: p.phone },
      placedAt: after(p, days),
      currency: 'TRY',
      total,
      ...extra,
    });
    clock = new Date(clock.getTime() + 10 * DAY);
    const placed = await marketer.ok('POST', '/api/orders', {
      orders: [
        order('a0-1', a[0]!, 1, '100.00'), // A: one buyer, twice: 120.00
        order('a0-2', a[0]!, 3, '20.00'),
        order('a1', a[1]!, 9, '80.00'), // A: after the 7-day window
        order('b0', b[0]!, 2, '40.00', { currency: 'USD' }), // B: 40 USD × 30 = 1,200.00
        order('b1', b[1]!, 2, '55.50'), // B: 55.50
        order('c0', c[0]!, 2, '300.00', { status: 'cancelled' }), // C: not paid
        order('c1', c[1]!, 2, '70.00'), // C: after the VIP message, so VIP's
        order('r0', remainder[0]!, 1, '65.00'), // the remainder: the campaign's, no variant's
      ],
    });
    expect(placed).toMatchObject({ created: 8, rejected: [] });

    let stats: Record<string, any> = {};
    const passes = await attributionPasses(async () => (stats = await marketer.ok('GET', `/api/campaigns/${campaign.id}/stats`)));
    expect(passes).toBe(1);
    const variant = (key: string, group: unknown[], converted: number, revenue: string) => ({ key, recipients: group.length, sent: group.length, converted, revenue, rate: converted / group.length });
    expect(stats.variants).toEqual([
      expect.objectContaining(variant('A', a, 1, '120.00')),
      expect.objectContaining(variant('B', b, 2, '1255.50')),
      expect.objectContaining(variant('C', c, 0, '0.00')),
    ]);
    const messaged = a.length + b.length + c.length + remainder.length;
    expect(stats.revenue).toMatchObject({
      messaged: { contacts: messaged, converted: 4, revenue: '1440.50', revenuePerRecipient: perRecipient(1440.5, messaged) },
      heldOut: { contacts: heldOut.length, converted: 0, revenue: '0.00' },
    });
    expect((await marketer.ok('GET', `/api/campaigns/${vip.id}/stats`)).revenue.messaged).toMatchObject({ contacts: 1, converted: 1, revenue: '70.00' });
  }, 120_000);
});
