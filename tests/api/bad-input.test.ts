// Bad input gets a clear error and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../server/db/client.ts';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';
import { createApiChannel, postInbound } from '../support/api-channel.ts';

describe('bad input', () => {
  let t: TestApp;
  let admin: Client;
  let channel: { id: string; secret: string };
  let conversationId: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { ULAK_MAX_BODY_BYTES: '4096' } });
    admin = await Client.admin(t.app);
    channel = await createApiChannel(admin);
    conversationId = (await postInbound(t.app, channel, { externalId: 'x1', from: { id: 'u1' }, text: 'hi' })).body.conversationId;
  });
  afterAll(() => t.close());

  async function counts() {
    const r = rowsOf<Record<string, number>>(
      await t.database.db.execute(sql`select (select count(*) from messages)::int as messages, (select count(*) from contacts)::int as contacts,
        (select count(*) from channels)::int as channels, (select count(*) from users)::int as users, (select count(*) from conversations)::int as conversations`),
    );
    return r[0];
  }

  const cases: Array<[string, () => Promise<{ status: number; body: any }>, number, string]> = [
    ['invalid JSON', () => admin.call('POST', `/api/conversations/${conversationId}/messages`, '{"text":'), 400, 'invalid_json'],
    ['a missing field', () => admin.call('POST', `/api/conversations/${conversationId}/messages`, {}), 422, 'validation_failed'],
    ['a wrong type', () => admin.call('POST', `/api/conversations/${conversationId}/messages`, { text: 42 }), 422, 'validation_failed'],
    ['an oversized body', () => admin.call('POST', `/api/conversations/${conversationId}/messages`, { text: 'x'.repeat(5000) }), 413, 'payload_too_large'],
    ['an unknown conversation', () => admin.call('POST', `/api/conversations/00000000-0000-4000-8000-000000000000/messages`, { text: 'hi' }), 404, 'not_found'],
    ['a malformed id', () => admin.call('GET', `/api/conversations/not-a-uuid`), 404, 'not_found'],
    ['an unknown channel kind', () => admin.call('POST', '/api/channels', { kind: 'fax', name: 'x', config: {} }), 422, 'validation_failed'],
    ['an invalid channel config', () => admin.call('POST', '/api/channels', { kind: 'api', name: 'x', config: { webhookUrl: 'not a url' } }), 422, 'invalid_config'],
    ['a bad time zone', () => admin.call('PATCH', `/api/contacts/00000000-0000-4000-8000-000000000000`, { timeZone: 'Mars/Olympus' }), 422, 'validation_failed'],
    ['a bad signature', () => postInbound(t.app, channel, { externalId: 'x2', from: { id: 'u1' }, text: 'hi' }, 'sha256=deadbeef'), 401, 'invalid_signature'],
    ['an inbound without text', () => postInbound(t.app, channel, { externalId: 'x3', from: { id: 'u1' } }), 422, 'validation_failed'],
    ['a second setup', () => admin.call('POST', '/api/setup', { email: 'b@example.com', password: 'password123', name: 'B' }), 409, 'already_set_up'],
    ['an unknown route', () => admin.call('GET', '/api/nope'), 404, 'not_found'],
  ];

  it("names the bad field of an API-channel message in fields, as the API's own 422s do", async () => {
    const r = await postInbound(t.app, channel, { externalId: 'x4', from: 'u1', text: 'hi' });
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({ code: 'validation_failed', fields: [{ path: 'from', code: 'invalid_type' }] });
  });

  for (const [what, run, status, code] of cases) {
    it(`answers ${what} with ${status} ${code} and changes nothing`, async () => {
      const before = await counts();
      const r = await run();
      expect(r.status).toBe(status);
      expect(r.body.error.code).toBe(code);
      expect(r.body.error.message).toEqual(expect.any(String));
      expect(await counts()).toEqual(before);
    });
  }

  it('names the offending field in a validation error', async () => {
    const r = await admin.call('POST', '/api/users', { email: 'not-an-email', name: 'x', password: 'short', roles: [] });
    expect(r.status).toBe(422);
    expect(r.body.error.message).toMatch(/email/);
    expect(r.body.error.message).toMatch(/password/);
  });
});
