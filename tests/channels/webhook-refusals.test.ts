// Refused provider webhooks answer the API's one error shape, so a provider's delivery log says why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_SID, AUTH_TOKEN, OUR_NUMBER, inboundParams } from '../../connectors/sms/testing/fixtures.ts';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';

describe('webhook refusals', () => {
  let t: TestApp;
  let admin: Client;
  let sms: string;
  let telegram: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await Client.admin(t.app);
    sms = (await admin.ok('POST', '/api/channels', { kind: 'sms', name: 'SMS', config: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: OUR_NUMBER } })).id;
    telegram = (await admin.ok('POST', '/api/channels', { kind: 'telegram', name: 'Bot', config: { botToken: '123:abc', mode: 'webhook', webhookSecret: 'dogru-sir' } })).id;
  });
  afterAll(() => t.close());

  const post = async (path: string, body: string, headers: Record<string, string>) => {
    const res = await t.app.request(path, { method: 'POST', headers, body });
    return { status: res.status, type: res.headers.get('content-type'), body: await res.json() };
  };

  it('answers a forged Twilio signature with 403 and { error: { code, message } }', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const r = await post(`/webhooks/twilio/${sms}/sms`, new URLSearchParams(inboundParams('forged')).toString(), { ...form, 'x-twilio-signature': 'bm90IGEgc2lnbmF0dXJl' });
    expect(r).toMatchObject({ status: 403, type: expect.stringContaining('application/json') });
    expect(r.body).toEqual({ error: { code: 'invalid_signature', message: expect.stringContaining('X-Twilio-Signature') } });
    const unsigned = await post(`/webhooks/twilio/${sms}/status`, 'MessageSid=SM1', form);
    expect([unsigned.status, unsigned.body.error.code]).toEqual([403, 'invalid_signature']);
    const nowhere = await post(`/webhooks/twilio/${sms}/voice`, '', form);
    expect([nowhere.status, nowhere.body.error.code]).toEqual([404, 'not_found']);
  });

  it('answers a wrong Telegram secret with 401 and { error: { code, message } }', async () => {
    const update = JSON.stringify({ update_id: 1, message: { message_id: 1, date: 0, chat: { id: 5, type: 'private' }, text: 'x' } });
    const wrong = await post(`/webhooks/telegram/${telegram}`, update, { 'x-telegram-bot-api-secret-token': 'yanlis' });
    expect(wrong).toMatchObject({ status: 401, type: expect.stringContaining('application/json') });
    expect(wrong.body).toEqual({ error: { code: 'invalid_secret', message: expect.stringContaining('X-Telegram-Bot-Api-Secret-Token') } });
    const missing = await post(`/webhooks/telegram/${telegram}`, update, {});
    expect([missing.status, missing.body.error.code]).toEqual([401, 'invalid_secret']);
    const garbled = await post(`/webhooks/telegram/${telegram}`, '{not json', { 'x-telegram-bot-api-secret-token': 'dogru-sir' });
    expect([garbled.status, garbled.body.error.code]).toEqual([400, 'invalid_json']);
    expect((await admin.ok('GET', '/api/conversations')).items).toEqual([]);
  });
});
