// Inputs an attacker review once turned into 500s: each gets a clear 4xx (or is cleaned and stored) and a refused one changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../server/db/client.ts';
import { encodeCursor } from '../../server/http/cursor.ts';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';
import { createApiChannel, postInbound } from '../support/api-channel.ts';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/** `{"not":{"not":…{"field":"contact.name","op":"exists"}}}`, `levels` deep. */
function deepCondition(levels: number): string {
  return '{"not":'.repeat(levels - 1) + '{"field":"contact.name","op":"exists"}' + '}'.repeat(levels - 1);
}

describe('hostile input', () => {
  let t: TestApp;
  let admin: Client;
  let channel: { id: string; secret: string };
  let conversationId: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await Client.admin(t.app);
    channel = await createApiChannel(admin);
    conversationId = (await postInbound(t.app, channel, { externalId: 'seed', from: { id: 'u1' }, text: 'hi' })).body.conversationId;
  });
  afterAll(() => t.close());

  /** Row counts and a checksum of the tables these requests could touch. */
  async function snapshot() {
    const [row] = rowsOf<Record<string, string>>(
      await t.database.db.execute(sql`select
        (select count(*) || ':' || coalesce(md5(string_agg(m.id::text || m.sent_at::text, ',' order by m.id)), '') from messages m) as messages,
        (select count(*) || ':' || coalesce(md5(string_agg(c.id::text || c.attributes::text, ',' order by c.id)), '') from contacts c) as contacts,
        (select coalesce(md5(string_agg(x.id::text || x.name, ',' order by x.id)), '') from teams x) as teams,
        (select coalesce(md5(string_agg(x.team_id::text || x.user_id::text, ',' order by x.team_id, x.user_id)), '') from team_members x) as members,
        (select coalesce(md5(string_agg(x.id::text || x.short_code, ',' order by x.id)), '') from canned_responses x) as canned,
        (select count(*) from segments)::text as segments, (select count(*) from workflows)::text as workflows`),
    );
    return row;
  }

  async function refused(run: () => Promise<{ status: number; body: any }>, status: number, code: string) {
    const before = await snapshot();
    const r = await run();
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    expect(r.body.error.code).toBe(code);
    expect(await snapshot()).toEqual(before);
  }

  describe('dates outside what Postgres stores', () => {
    for (const sentAt of ['0000-01-01T00:00:00Z', '0001-01-01T00:30:00+01:00', '9999-12-31T23:59:59-14:00', '99999-01-01', '-001000-01-01T00:00:00Z']) {
      it(`refuses an API-channel sentAt of ${sentAt} with 422 on first delivery and on redelivery`, async () => {
        const message = { externalId: `date-${sentAt}`, from: { id: 'u-date' }, text: 'hello', sentAt };
        await refused(() => postInbound(t.app, channel, message), 422, 'validation_failed');
        await refused(() => postInbound(t.app, channel, message), 422, 'validation_failed');
      });
    }

    it('refuses a snooze until year 0 and a report from year 0', async () => {
      await refused(() => admin.call('PATCH', `/api/conversations/${conversationId}`, { status: 'snoozed', snoozedUntil: '0000-06-01T00:00:00Z' }), 422, 'validation_failed');
      await refused(() => admin.call('GET', '/api/reports/overview?from=0000-01-01T00:00:00Z&to=0000-02-01T00:00:00Z'), 422, 'validation_failed');
    });
  });

  describe('teams and canned responses', () => {
    let agentId: string;
    let supportId: string;
    beforeAll(async () => {
      agentId = (await admin.ok('POST', '/api/users', { email: 'agent@example.com', name: 'Agent', password: 'password123', roles: ['agent'] })).id;
      await admin.ok('POST', '/api/teams', { name: 'Sales' });
      supportId = (await admin.ok('POST', '/api/teams', { name: 'Support' })).id;
      await admin.ok('POST', '/api/canned-responses', { shortCode: 'hello', content: 'Hello!' });
    });

    it('answers a rename to a taken name with 409 name_taken', () => refused(() => admin.call('PATCH', `/api/teams/${supportId}`, { name: 'Sales' }), 409, 'name_taken'));
    it('answers duplicate member ids with 422', () => refused(() => admin.call('POST', '/api/teams', { name: 'Billing', memberIds: [agentId, agentId] }), 422, 'validation_failed'));
    it('answers unknown member ids with 422 unknown_user, on create and on change', async () => {
      await refused(() => admin.call('POST', '/api/teams', { name: 'Billing', memberIds: [UNKNOWN] }), 422, 'unknown_user');
      await refused(() => admin.call('PATCH', `/api/teams/${supportId}`, { memberIds: [agentId, UNKNOWN] }), 422, 'unknown_user');
    });
    it('answers a change to a missing team with 404, whatever it changes', async () => {
      await refused(() => admin.call('PATCH', `/api/teams/${UNKNOWN}`, { memberIds: [agentId] }), 404, 'not_found');
      await refused(() => admin.call('PATCH', `/api/teams/${UNKNOWN}`, { name: 'Ghosts' }), 404, 'not_found');
    });
    it('still renames a team and sets its members', async () => {
      expect(await admin.ok('PATCH', `/api/teams/${supportId}`, { name: 'Customer care', memberIds: [agentId] })).toEqual({ id: supportId, name: 'Customer care', memberIds: [agentId] });
    });
    it('answers a canned response renamed to a taken short code with 409 short_code_taken', async () => {
      const other = await admin.ok('POST', '/api/canned-responses', { shortCode: 'bye', content: 'Bye!' });
      await refused(() => admin.call('PATCH', `/api/canned-responses/${other.id}`, { shortCode: 'hello' }), 409, 'short_code_taken');
    });
  });

  describe('forged cursors', () => {
    const forged = [
      ['garbage', '!!not base64 json!!'],
      ['a date that is not one', encodeCursor(['yesterday', UNKNOWN])],
      ['an id that is not a uuid', encodeCursor(['2026-01-01T00:00:00.000Z', "x' or 1=1"])],
      ['year 0', encodeCursor(['0000-01-01T00:00:00.000Z', UNKNOWN])],
      ['the wrong arity', encodeCursor(['2026-01-01T00:00:00.000Z'])],
    ];
    for (const [what, cursor] of forged) {
      it(`answers a list cursor with ${what} with 400 invalid_cursor`, async () => {
        await refused(() => admin.call('GET', `/api/conversations?cursor=${encodeURIComponent(cursor!)}`), 400, 'invalid_cursor');
        await refused(() => admin.call('GET', `/api/contacts?cursor=${encodeURIComponent(cursor!)}`), 400, 'invalid_cursor');
      });
    }
    for (const [what, cursor] of [
      ['a string', encodeCursor(['12'])],
      ['a huge number', encodeCursor([1e300])],
      ['a fraction', encodeCursor([1.5])],
    ]) {
      it(`answers a message-page cursor holding ${what} with 400 invalid_cursor`, () =>
        refused(() => admin.call('GET', `/api/conversations/${conversationId}/messages?cursor=${encodeURIComponent(cursor!)}`), 400, 'invalid_cursor'));
    }
  });

  describe('text Postgres cannot hold', () => {
    it('answers NUL in query strings as if it were not there', async () => {
      for (const path of ['/api/contacts?q=hi%00there', '/api/conversations?label=vip%00', '/api/search?q=%00hi', '/api/contacts?label=%00']) {
        const r = await admin.call('GET', path);
        expect(r.status, path).toBe(200);
      }
    });

    it('stores lone surrogates in JSON strings as U+FFFD, in text and in jsonb, keys included', async () => {
      const canned = await admin.call('POST', '/api/canned-responses', '{"shortCode":"lone","content":"a\\ud800b\\udc00c\\ud83d\\ude00"}', { 'content-type': 'application/json' });
      expect(canned.status).toBe(201);
      expect(canned.body.content).toBe('a\uFFFDb\uFFFDc😀');
      const [{ contactId }] = rowsOf<{ contactId: string }>(await t.database.db.execute(sql`select contact_id as "contactId" from conversations where id = ${conversationId}`));
      const r = await admin.call('PATCH', `/api/contacts/${contactId}`, '{"attributes":{"note\\udbff":"x\\udfff","nul\\u0000":"y"}}', { 'content-type': 'application/json' });
      expect(r.status).toBe(200);
      const [row] = rowsOf<{ attributes: Record<string, string> }>(await t.database.db.execute(sql`select attributes from contacts where id = ${contactId}`));
      expect(row!.attributes).toEqual({ 'note\uFFFD': 'x\uFFFD', nul: 'y' });
    });

    it('stores attributes named like Object.prototype members (valueOf, constructor) as any others', async () => {
      // Found by the API fuzzer: a key such as valueOf found Object.prototype's function among the declared types (500).
      await admin.ok('POST', '/api/attributes', { key: 'tier', type: 'number' });
      const [{ contactId }] = rowsOf<{ contactId: string }>(await t.database.db.execute(sql`select contact_id as "contactId" from conversations where id = ${conversationId}`));
      const r = await admin.call('PATCH', `/api/contacts/${contactId}`, { attributes: { valueOf: true, constructor: 'x', toString: 1, tier: '3' } });
      expect(r.status).toBe(200);
      expect(r.body.attributes).toMatchObject({ valueOf: true, constructor: 'x', toString: 1, tier: 3 });
    });
  });

  describe('condition trees too deep to walk', () => {
    const marketer = () => admin;
    for (const levels of [5000, 40]) {
      it(`refuses a ${levels}-level condition tree with 422 in segment preview, segments, workflows and campaigns`, async () => {
        const code = levels > 100 ? 'too_deep' : 'validation_failed';
        const tree = deepCondition(levels);
        const json = (body: string) => ({ 'content-type': 'application/json', body });
        for (const [method, path, body] of [
          ['POST', '/api/segments/preview', `{"conditions":${tree}}`],
          ['POST', '/api/segments', `{"name":"deep","conditions":${tree}}`],
          ['POST', '/api/campaigns', `{"name":"deep","conditions":${tree},"templateId":"${UNKNOWN}","channelPolicy":{"channelIds":["${channel.id}"]},"schedule":{"mode":"now"}}`],
          ['POST', '/api/workflows', `{"name":"deep","trigger":{"type":"event","event":"message.received"},"conditions":${tree},"actions":[{"id":"s1","type":"stop"}]}`],
        ] as const) {
          const r = await refusedDeep(method, path, json(body).body);
          expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(422);
          expect(r.body.error.message, path).toMatch(levels > 100 ? /nests more than 128 levels deep/ : /conditions nest more than 32 levels deep/);
          if (path !== '/api/workflows') expect(r.body.error.code, path).toBe(code);
        }
      });
    }
    async function refusedDeep(method: string, path: string, body: string) {
      const before = await snapshot();
      const r = await marketer().call(method, path, body, { 'content-type': 'application/json' });
      expect(await snapshot()).toEqual(before);
      return r;
    }
  });

  it('answers the same externalId stored at the same moment by another sender with 409 duplicate_external_id', async () => {
    // The other sender's message commits between this request's duplicate check and its insert: a trigger on the
    // second sender's identity row plays that other request, on PGlite (one connection) as on Postgres.
    await t.database.db.execute(
      sql.raw(`create function play_race() returns trigger language plpgsql as $$ begin
        insert into messages (conversation_id, contact_id, channel_id, direction, sender_type, status, idempotency_key)
          select conversation_id, contact_id, channel_id, 'in', 'contact', 'received', 'race-1' from messages where idempotency_key = 'seed';
        return new; end $$`),
    );
    await t.database.db.execute(sql.raw(`create trigger play_race after insert on contact_identities for each row when (new.value like '%:racer') execute function play_race()`));
    try {
      await refused(() => postInbound(t.app, channel, { externalId: 'race-1', from: { id: 'racer' }, text: 'mine too' }), 409, 'duplicate_external_id');
    } finally {
      await t.database.db.execute(sql.raw('drop trigger play_race on contact_identities'));
      await t.database.db.execute(sql.raw('drop function play_race()'));
    }
  });
});
