// End to end on the API channel: campaign messages join the contact's open conversation, the outbound worker delivers them, replies count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiChannel, eventually, postInbound, webhookReceiver } from '../support/api-channel.ts';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';
import { daytimeClock } from '../support/clock.ts';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../server/db/client.ts';
import { recordOutcomes } from '../../server/campaigns/record-outcomes.ts';

describe('campaign delivery through the outbound worker', () => {
  let t: TestApp;
  let admin: Client;
  const receiver = webhookReceiver();

  beforeAll(async () => {
    // A daytime clock: on the real clock this campaign is held by the default quiet hours every night.
    t = await createTestApp({ workers: true, now: daytimeClock() });
    admin = await Client.admin(t.app);
  });
  afterAll(async () => {
    receiver.stop();
    await t.close();
  });

  /** A campaign sent at once, fast, on one channel. */
  const sendNow = (name: string, conditions: object, templateId: string, channelId: string) => ({
    name,
    conditions,
    templateId,
    channelPolicy: { channelIds: [channelId] },
    schedule: { mode: 'now' },
    throttlePerSecond: 100,
  });

  it('delivers one message per contact into their open conversation and counts a reply', async () => {
    const channel = await createApiChannel(admin, receiver.url);
    const conversationOf: Record<string, string> = {};
    for (const name of ['Ece', 'Mert', 'Selin']) {
      conversationOf[name] = (await postInbound(t.app, channel, { externalId: `in-${name}`, from: { id: `cust-${name}`, name }, text: 'Merhaba' })).body.conversationId;
    }
    const template = await admin.ok('POST', '/api/templates', { name: 'Spring', fallbackLanguage: 'en', languages: { en: { body: 'Spring sale for you, {{contact.firstName}}' } } });
    const campaign = await admin.ok('POST', '/api/campaigns', sendNow('Spring', { field: 'contact.lastInboundChannel', op: 'eq', value: 'api' }, template.id, channel.id));
    expect((await admin.ok('POST', `/api/campaigns/${campaign.id}/start`)).recipients).toBe(3);

    // The worker's own one-second timer runs the tick; the outbound worker sends through the channel.
    await eventually(() => receiver.received.length >= 3, 15_000);
    expect(receiver.received.map((r) => r.text).sort()).toEqual(['Spring sale for you, Ece', 'Spring sale for you, Mert', 'Spring sale for you, Selin']);
    const messages = await admin.ok('GET', `/api/conversations/${conversationOf.Mert}/messages`);
    expect(messages.items.filter((m: any) => m.direction === 'out')).toEqual([expect.objectContaining({ text: 'Spring sale for you, Mert', sender: expect.objectContaining({ type: 'automation' }) })]);

    await postInbound(t.app, channel, { externalId: 'reply-Mert', from: { id: 'cust-Mert', name: 'Mert' }, text: 'Harika, teşekkürler' });
    const stats = await eventually(async () => {
      const s = await admin.ok('GET', `/api/campaigns/${campaign.id}/stats`);
      return s.status === 'completed' && s.sent + s.delivered === 3 && s.replied === 1 && s;
    });
    expect(stats).toMatchObject({ total: 3, failed: 0, skipped: 0, replied: 1 });
    await new Promise((r) => setTimeout(r, 1_500)); // a few more timer ticks change nothing
    expect(receiver.received).toHaveLength(3);

    // A tick that overlapped the one that sent (a slow tick on one worker, the next on another) and decided to skip
    // a recipient (the frequency cap saw the first tick's message) leaves what was sent as sent.
    const recipients = rowsOf<{ id: string; status: string }>(await t.database.db.execute(sql`select id, status from campaign_recipients where campaign_id = ${campaign.id}`));
    await recordOutcomes(t.database.db, { skipped: new Map([['capped', recipients.map((r) => r.id)]]), deferred: [{ id: recipients[0]!.id, until: new Date() }] }, new Date());
    const after = rowsOf<{ status: string }>(await t.database.db.execute(sql`select status from campaign_recipients where campaign_id = ${campaign.id}`));
    expect(after.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('keeps counting what a campaign sent to a contact that is then merged into another, and gives it back on undo', async () => {
    const channel = await createApiChannel(admin, receiver.url);
    const sent = receiver.received.length;
    const mailed = (await postInbound(t.app, channel, { externalId: 'in-Deniz', from: { id: 'cust-Deniz', name: 'Deniz' }, text: 'Merhaba' })).body.contactId;
    await admin.ok('PATCH', `/api/contacts/${mailed}`, { labels: ['autumn'] });
    await admin.ok('POST', '/api/contacts/import', { rows: [{ name: 'Deniz K.', email: 'deniz@customer.example' }] });
    const other = (await admin.ok('GET', '/api/contacts?q=deniz@customer.example')).items[0].id;
    const template = await admin.ok('POST', '/api/templates', { name: 'Autumn', fallbackLanguage: 'en', languages: { en: { body: 'Autumn sale' } } });
    const campaign = await admin.ok('POST', '/api/campaigns', sendNow('Autumn', { op: 'has_label', value: 'autumn' }, template.id, channel.id));
    await admin.ok('POST', `/api/campaigns/${campaign.id}/start`);
    const stats = () => admin.ok('GET', `/api/campaigns/${campaign.id}/stats`);
    await eventually(async () => (await stats()).status === 'completed');
    expect(receiver.received.length).toBe(sent + 1);
    const before = await stats();
    expect(before.total).toBe(1);
    expect(before.sent + before.delivered).toBe(1);

    // An agent finds the two are one customer and merges the campaign's contact into the other.
    const { mergeId } = await admin.ok('POST', '/api/contacts/merge', { intoId: other, fromId: mailed });
    expect(await stats()).toMatchObject({ total: 1, sent: before.sent, delivered: before.delivered });
    const exported = await admin.ok('GET', `/api/contacts/${other}/export`);
    expect(exported.campaigns).toEqual([expect.objectContaining({ campaign: 'Autumn' })]);

    await admin.ok('POST', `/api/contacts/merges/${mergeId}/revert`);
    expect(await stats()).toMatchObject({ total: 1, sent: before.sent, delivered: before.delivered });
    expect((await admin.ok('GET', `/api/contacts/${mailed}/export`)).campaigns).toEqual([expect.objectContaining({ campaign: 'Autumn' })]);
  }, 30_000);

  it('does not send the campaign again to a waiting contact that a messaged recipient is merged into', async () => {
    const channel = await createApiChannel(admin, receiver.url);
    const sent = receiver.received.length;
    const contactOf = async (name: string) => (await postInbound(t.app, channel, { externalId: `in-${name}`, from: { id: `cust-${name}`, name }, text: 'Merhaba' })).body.contactId;
    const [messaged, waiting] = [await contactOf('Ada'), await contactOf('Ada K.')];
    await admin.ok('PATCH', `/api/contacts/${messaged}`, { labels: ['winter'] });
    // Midnight in Honolulu on the test's clock: quiet hours hold this one until the morning there.
    await admin.ok('PATCH', `/api/contacts/${waiting}`, { labels: ['winter'], timeZone: 'Pacific/Honolulu' });
    const template = await admin.ok('POST', '/api/templates', { name: 'Winter', fallbackLanguage: 'en', languages: { en: { body: 'Winter sale' } } });
    const campaign = await admin.ok('POST', '/api/campaigns', sendNow('Winter', { op: 'has_label', value: 'winter' }, template.id, channel.id));
    await admin.ok('POST', `/api/campaigns/${campaign.id}/start`);
    const stats = () => admin.ok('GET', `/api/campaigns/${campaign.id}/stats`);
    await eventually(async () => {
      const s = await stats();
      return s.sent + s.delivered === 1 && s.deferred === 1;
    });
    expect(receiver.received.length).toBe(sent + 1);

    await admin.ok('POST', '/api/contacts/merge', { intoId: waiting, fromId: messaged });
    const after = await eventually(async () => {
      const s = await stats();
      return s.status === 'completed' && s;
    });
    expect(after).toMatchObject({ total: 1, deferred: 0, queued: 0 });
    expect(after.sent + after.delivered).toBe(1);
  }, 30_000);
});
