// 422s list each field problem as a code a client can word; a channel with open conversations is not deleted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInAdmin, type Client, type TestApp } from '../support/test-app.ts';
import { createApiChannel, postInbound } from '../support/api-channel.ts';

describe('field errors and channel deletion', () => {
  let t: TestApp;
  let admin: Client;

  beforeAll(async () => ({ t, admin } = await signedInAdmin()));
  afterAll(() => t.close());

  it('lists each invalid field with its zod code and bound, beside the usual code and message', async () => {
    const r = await admin.call('POST', '/api/users', { email: 'not-an-email', password: 'short', roles: [] });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('validation_failed');
    expect(r.body.error.message).toEqual(expect.any(String));
    const byPath = Object.fromEntries(r.body.error.fields.map((f: any) => [f.path, f]));
    expect(byPath.email).toEqual({ path: 'email', code: 'invalid_format', format: 'email', origin: 'string' });
    expect(byPath.password).toEqual({ path: 'password', code: 'too_small', minimum: 8, origin: 'string' });
    expect(byPath.name).toEqual({ path: 'name', code: 'required' });
  });

  it('prefixes a channel config problem with "config"', async () => {
    const r = await admin.call('POST', '/api/channels', { kind: 'api', name: 'x', config: { webhookUrl: 'not a url' } });
    expect(r.status).toBe(422);
    expect(r.body.error.fields).toEqual([expect.objectContaining({ path: 'config.webhookUrl', code: 'invalid_format' })]);
  });

  it.each([
    ['telegram', { botToken: '123456:ABC-def', apiRoot: 'ftp://bot-api.internal' }, 'http://127.0.0.1:8081'],
    ['telegram', { botToken: '123456:ABC-def', apiRoot: 'bot-api.internal:8081' }, 'http://127.0.0.1:8081'],
    ['sms', { accountSid: `AC${'a'.repeat(32)}`, authToken: 't', from: '+905321234567', apiRoot: 'ftp://twilio.internal' }, 'http://127.0.0.1:4010'],
  ])("refuses a %s channel whose provider's API root is not an http(s) URL, with an example, and stores nothing", async (kind, config, example) => {
    const before = (await admin.ok('GET', '/api/channels')).length;
    const r = await admin.call('POST', '/api/channels', { kind, name: 'Self-hosted', config });
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({ code: 'invalid_config', message: `config.apiRoot: must be an http:// or https:// URL such as ${example}` });
    expect((await admin.ok('GET', '/api/channels')).length).toBe(before);
  });

  it('refuses to delete a channel while a conversation on it is open, saying how many, and deletes it once resolved', async () => {
    const channel = await createApiChannel(admin);
    const { conversationId } = (await postInbound(t.app, channel, { externalId: 'd1', from: { id: 'u-del' }, text: 'hello' })).body;
    const refused = await admin.call('DELETE', `/api/channels/${channel.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'channel_in_use', openConversations: 1 });
    expect((await admin.call('GET', `/api/channels/${channel.id}`)).status).toBe(200);
    await admin.ok('PATCH', `/api/conversations/${conversationId}`, { status: 'resolved' });
    await admin.ok('DELETE', `/api/channels/${channel.id}`);
    expect((await admin.call('GET', `/api/channels/${channel.id}`)).status).toBe(404);
  });
});
