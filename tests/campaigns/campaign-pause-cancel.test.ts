// Pause and cancel stop what is already queued, through the real workers: the marketing lane re-checks each message's
// campaign when it claims it. Deliveries are watched on a local API-channel receiver.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../server/db/client.ts';
import { createApiChannel, eventually, webhookReceiver } from '../support/api-channel.ts';
import { daytimeClock } from '../support/clock.ts';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';
import { seedContacts } from './seed-contacts.ts';

const CONTACTS = 160;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('pausing and cancelling a sending campaign', () => {
  let t: TestApp;
  let marketer: Client;
  // A receiver that takes 50 ms per delivery, so the campaign is still sending when the marketer acts.
  const receiver = webhookReceiver({ delayMs: 50 });
  let channel: { id: string };
  let templateId: string;

  beforeAll(async () => {
    t = await createTestApp({ workers: true, now: daytimeClock() });
    const admin = await Client.admin(t.app);
    marketer = await admin.user(['marketer']);
    channel = await createApiChannel(admin, receiver.url);
    templateId = (await marketer.ok('POST', '/api/templates', { name: 'Sale', fallbackLanguage: 'en', languages: { en: { body: 'Sale for {{contact.firstName}}' } } })).id;
  }, 60_000);
  afterAll(async () => {
    await t.close();
    receiver.stop();
  });

  async function startCampaign(label: string) {
    await seedContacts(t.services.database, CONTACTS, (i) => ({ name: `${label}${i} Test`, labels: [label], identity: { kind: 'api', value: `${channel.id}:${label}-${i}` } }));
    const campaign = await marketer.ok('POST', '/api/campaigns', {
      name: label,
      conditions: { op: 'has_label', value: label },
      templateId,
      channelPolicy: { channelIds: [channel.id] },
      schedule: { mode: 'now' },
      // 16 s of sending: a busy machine that answers the pause late still pauses a campaign far from done.
      throttlePerSecond: 10,
    });
    expect((await marketer.ok('POST', `/api/campaigns/${campaign.id}/start`)).recipients).toBe(CONTACTS);
    return campaign.id as string;
  }
  const deliveredTo = (label: string) => receiver.received.filter((r) => String(r.text).startsWith(`Sale for ${label}`));
  const stats = (id: string) => marketer.ok('GET', `/api/campaigns/${id}/stats`);

  it('delivers nothing more a second after pause, holds the queued messages, and finishes every one once after resume', async () => {
    const id = await startCampaign('Pausa');
    await eventually(() => deliveredTo('Pausa').length >= 20, 30_000);
    await marketer.ok('POST', `/api/campaigns/${id}/pause`);
    await sleep(1_000);
    const atPause = deliveredTo('Pausa').length;
    await sleep(2_000);
    expect(deliveredTo('Pausa')).toHaveLength(atPause);
    expect(atPause).toBeLessThan(CONTACTS);
    const paused = await stats(id);
    // Held, not failed: what was created but not sent is still queued.
    expect(paused).toMatchObject({ status: 'paused', failed: 0, cancelled: 0, queued: CONTACTS - atPause });

    await marketer.ok('POST', `/api/campaigns/${id}/resume`);
    const done = await eventually(async () => {
      const s = await stats(id);
      return s.status === 'completed' && s;
    }, 60_000);
    expect(done).toMatchObject({ total: CONTACTS, queued: 0, failed: 0, cancelled: 0, skipped: 0 });
    expect(done.sent + done.delivered).toBe(CONTACTS);
    expect(deliveredTo('Pausa')).toHaveLength(CONTACTS);
    expect(new Set(deliveredTo('Pausa').map((r) => r.text)).size).toBe(CONTACTS);
  }, 120_000);

  it('sends nothing more a second after cancel and counts the rest as cancelled', async () => {
    const id = await startCampaign('Iptal');
    await eventually(() => deliveredTo('Iptal').length >= 20, 30_000);
    await marketer.ok('POST', `/api/campaigns/${id}/cancel`);
    await sleep(1_000);
    const atCancel = deliveredTo('Iptal').length;
    await sleep(2_000);
    expect(deliveredTo('Iptal')).toHaveLength(atCancel);
    const s = await stats(id);
    expect(s).toMatchObject({ status: 'cancelled', queued: 0, failed: 0, skipped: 0, cancelled: CONTACTS - atCancel });
    expect(s.sent + s.delivered).toBe(atCancel);
    // No message of the campaign is left queued with nothing to move it.
    const [left] = rowsOf<{ n: string }>(await t.services.database.db.execute(sql`select count(*) as n from messages where status = 'queued' and metadata->>'campaignId' = ${id}`));
    expect(Number(left!.n)).toBe(0);
  }, 120_000);
});
