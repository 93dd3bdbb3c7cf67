// Consent through the API and through what customers write: PUT /api/contacts/:id/consents, STOP on the API channel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminWithChannel, postInbound, type ApiChannel } from '../support/api-channel.ts';
import { Client, type TestApp } from '../support/test-app.ts';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../server/db/client.ts';

describe('consents', () => {
  let t: TestApp, admin: Client, channel: ApiChannel;
  beforeAll(async () => ({ t, admin, channel } = await adminWithChannel()));
  afterAll(() => t.close());

  it('records STOP written on the API channel as an opt-out with its source, and a later sentence changes nothing', async () => {
    const first = await postInbound(t.app, channel, { externalId: 'in-1', from: { id: 'cust-1', name: 'Deniz' }, text: 'Merhaba' });
    await postInbound(t.app, channel, { externalId: 'in-2', from: { id: 'cust-1', name: 'Deniz' }, text: 'STOP' });
    await postInbound(t.app, channel, { externalId: 'in-3', from: { id: 'cust-1', name: 'Deniz' }, text: 'please do not stop the order' });
    const contact = await admin.ok('GET', `/api/contacts/${first.body.contactId}`);
    expect(contact.consents).toEqual([{ channel: 'api', status: 'opted_out', source: 'keyword:api', at: expect.any(String) }]);
    // The message itself is still stored for the agents.
    const messages = await admin.ok('GET', `/api/conversations/${first.body.conversationId}/messages`);
    expect(messages.items.map((m: any) => m.text)).toEqual(['Merhaba', 'STOP', 'please do not stop the order']);
  });

  it('records ABONELİKTEN ÇIK the same way', async () => {
    const r = await postInbound(t.app, channel, { externalId: 'in-4', from: { id: 'cust-2', name: 'Zeynep' }, text: 'Abonelikten çık' });
    expect((await admin.ok('GET', `/api/contacts/${r.body.contactId}`)).consents).toEqual([expect.objectContaining({ channel: 'api', status: 'opted_out', source: 'keyword:api' })]);
  });

  it('lets agents and marketers set consent per channel or for all marketing, with source and time', async () => {
    const r = await postInbound(t.app, channel, { externalId: 'in-5', from: { id: 'cust-3', name: 'Can' }, text: 'Selam' });
    const id = r.body.contactId;
    const agent = await admin.user(['agent']);
    const marketer = await admin.user(['marketer']);
    expect((await agent.call('PUT', `/api/contacts/${id}/consents`, { channel: 'email', status: 'opted_in' })).body).toEqual({
      consents: [{ channel: 'email', status: 'opted_in', source: 'agent', at: expect.any(String) }],
    });
    const all = await marketer.call('PUT', `/api/contacts/${id}/consents`, { channel: 'all', status: 'opted_out', source: 'phone call' });
    expect(all.status).toBe(200);
    const profile = await admin.ok('GET', `/api/contacts/${id}`);
    expect(profile.consents.map((k: any) => [k.channel, k.status, k.source]).sort()).toEqual([
      ['all', 'opted_out', 'phone call'],
      ['email', 'opted_in', 'agent'],
    ]);
  });

  it('marks consent set by a bearer-token integration as source api', async () => {
    const r = await postInbound(t.app, channel, { externalId: 'in-6', from: { id: 'cust-4', name: 'Ece' }, text: 'Selam' });
    const token = await admin.ok('POST', '/api/tokens', { name: 'crm' });
    const bot = new Client(t.app);
    bot.bearer = token.token;
    await bot.ok('PUT', `/api/contacts/${r.body.contactId}/consents`, { channel: 'sms', status: 'opted_out' });
    expect((await admin.ok('GET', `/api/contacts/${r.body.contactId}`)).consents).toEqual([expect.objectContaining({ channel: 'sms', source: 'api' })]);
  });

  it('announces a consent only when it moves: a STOP written twice, or an opt-out set again, tells integrators once', async () => {
    const first = await postInbound(t.app, channel, { externalId: 'in-m1', from: { id: 'cust-m', name: 'Melis' }, text: 'STOP' });
    await postInbound(t.app, channel, { externalId: 'in-m2', from: { id: 'cust-m', name: 'Melis' }, text: 'STOP' });
    const id = first.body.contactId;
    await admin.ok('PUT', `/api/contacts/${id}/consents`, { channel: 'api', status: 'opted_out' });
    const announced = async () =>
      rowsOf<{ status: string }>(
        await t.services.database.db.execute(
          sql`select jsonb_path_query_first(payload, '$.consents[0].status') #>> '{}' as status from domain_events where type = 'contact.updated' and contact_id = ${id} order by id`,
        ),
      ).map((r) => r.status);
    expect(await announced()).toEqual(['opted_out']);
    await admin.ok('PUT', `/api/contacts/${id}/consents`, { channel: 'api', status: 'opted_in' });
    expect(await announced()).toEqual(['opted_out', 'opted_in']);
  });

  it('refuses bad input in words and unknown contacts with 404', async () => {
    const r = await postInbound(t.app, channel, { externalId: 'in-7', from: { id: 'cust-5' }, text: 'Selam' });
    const bad = await admin.call('PUT', `/api/contacts/${r.body.contactId}/consents`, { channel: 'fax', status: 'opted_out' });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('validation_failed');
    expect((await admin.call('PUT', '/api/contacts/00000000-0000-4000-8000-000000000000/consents', { channel: 'sms', status: 'opted_out' })).status).toBe(404);
    const noRole = await admin.call('PUT', `/api/contacts/${r.body.contactId}/consents`, { channel: 'sms', status: 'maybe' });
    expect(noRole.status).toBe(422);
  });
});
