// The webhook subscription API: admin only, validated, SSRF-checked at save time, secrets shown once, documented.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookDeliveries } from '../../server/db/schema/index.ts';
import { signedInAdmin, type Client, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let admin: Client;

beforeAll(async () => ({ t, admin } = await signedInAdmin()));
afterAll(() => t.close());

describe('webhook subscriptions API', () => {
  it('creates a subscription, shows its secret once, and changes and deletes it', async () => {
    const created = await admin.call('POST', '/api/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['message.created', 'contact.merged'] });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created.body).toMatchObject({ url: 'http://127.0.0.1:9/hook', events: ['message.created', 'contact.merged'], description: null, active: true, disabledReason: null });
    const id = created.body.id as string;

    const shown = await admin.ok('GET', `/api/webhooks/${id}`);
    expect(JSON.stringify(shown)).not.toContain('whsec_');
    expect(shown.secret).toBeUndefined();
    expect((await admin.ok('GET', '/api/webhooks')).items.map((s: any) => s.id)).toEqual([id]);

    // A body naming nothing it can change (a secret is never set this way) leaves the subscription as it was.
    expect(await admin.ok('PATCH', `/api/webhooks/${id}`, { secret: 'whsec_mine' })).toEqual(shown);
    const changed = await admin.ok('PATCH', `/api/webhooks/${id}`, { events: ['conversation.resolved'], description: 'Helpdesk', active: false });
    expect(changed).toMatchObject({ events: ['conversation.resolved'], description: 'Helpdesk', active: false, disabledReason: 'disabled by an admin' });

    const rotated = await admin.ok('POST', `/api/webhooks/${id}/rotate-secret`);
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.body.secret);

    expect((await admin.call('DELETE', `/api/webhooks/${id}`)).status).toBe(204);
    expect(await admin.call('GET', `/api/webhooks/${id}`)).toEqual({ status: 404, body: { error: { code: 'not_found', message: 'webhook not found' } } });
    expect((await admin.call('GET', `/api/webhooks/${id}/deliveries`)).status).toBe(404);
  });

  it('refuses unknown event types, an empty list and non-http URLs with 422', async () => {
    for (const body of [
      { url: 'https://hooks.example.com/a', events: ['message.deleted'] },
      { url: 'https://hooks.example.com/a', events: [] },
      { url: 'ftp://hooks.example.com/a', events: ['message.created'] },
      { events: ['message.created'] },
    ]) {
      const r = await admin.call('POST', '/api/webhooks', body);
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe('validation_failed');
    }
  });

  it('refuses a URL carrying a user name or password, which Settings, the log and exports would show, creating and changing nothing', async () => {
    const r = await admin.call('POST', '/api/webhooks', { url: 'https://user:s3cret@hooks.example.com/a', events: ['message.created'] });
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({ code: 'validation_failed', message: expect.stringMatching(/^url: must not carry a user name or password/) });
    const sub = await admin.ok('POST', '/api/webhooks', { url: 'https://hooks.example.com/plain', events: ['message.created'] });
    const patched = await admin.call('PATCH', `/api/webhooks/${sub.id}`, { url: 'https://user@hooks.example.com/a' });
    expect(patched.status).toBe(422);
    expect((await admin.ok('GET', `/api/webhooks/${sub.id}`)).url).toBe('https://hooks.example.com/plain');
    expect((await admin.ok('GET', '/api/webhooks')).items.map((s: any) => s.url)).not.toContainEqual(expect.stringContaining('s3cret'));
  });

  it('refuses a replay from a time still to come', async () => {
    const sub = await admin.ok('POST', '/api/webhooks', { url: 'https://hooks.example.com/future', events: ['message.created'] });
    const since = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const r = await admin.call('POST', `/api/webhooks/${sub.id}/replay`, { since });
    expect(r.status).toBe(422);
    // Named in `fields` too, as a schema's refusal is, so a client can mark the field.
    expect(r.body.error).toMatchObject({ code: 'validation_failed', message: expect.stringMatching(/^since: must not be in the future/), fields: [{ path: 'since', code: 'custom' }] });
  });

  it('refuses a private destination that ULAK_WEBHOOK_ALLOW does not list', async () => {
    const r = await admin.call('POST', '/api/webhooks', { url: 'http://10.0.0.1/hook', events: ['message.created'] });
    expect(r).toEqual({
      status: 422,
      body: {
        error: { code: 'destination_not_allowed', message: 'url: destination not allowed: 10.0.0.1 is a private address; webhooks may only reach public addresses unless ULAK_WEBHOOK_ALLOW lists it' },
      },
    });
  });

  it('refuses a replay time or a delivery-log cursor that is not an ISO time Postgres can hold, with 422 and in words', async () => {
    const sub = await admin.ok('POST', '/api/webhooks', { url: 'https://hooks.example.com/a', events: ['message.created'] });
    for (const since of ['+275760-09-13T00:00:00Z', -62198755200000, true, null, 'yesterday']) {
      const r = await admin.call('POST', `/api/webhooks/${sub.id}/replay`, { since });
      expect(r.status, JSON.stringify(since)).toBe(422);
      expect(r.body.error).toMatchObject({ code: 'validation_failed', message: expect.stringMatching(/^since: /) });
    }
    for (const before of ['8640000000000000', 'garbage']) {
      const r = await admin.call('GET', `/api/webhooks/${sub.id}/deliveries?before=${before}`);
      expect(r.status, before).toBe(422);
      expect(r.body.error.message).not.toContain('received Date');
    }
    expect(await admin.ok('POST', `/api/webhooks/${sub.id}/replay`, { since: '2026-12-01T00:00:00+03:00' })).toEqual({ replayed: 0, created: 0 });
    expect(await admin.ok('GET', `/api/webhooks/${sub.id}/deliveries?before=${encodeURIComponent(new Date().toISOString())}`)).toEqual({ items: [], nextCursor: null });
  });

  it('pages the delivery log with nextCursor without losing deliveries one fan-out wrote at the same instant', async () => {
    const sub = await admin.ok('POST', '/api/webhooks', { url: 'https://hooks.example.com/log', events: ['message.created'] });
    // One fan-out transaction: five deliveries sharing one created_at.
    await t.services.database.db
      .insert(webhookDeliveries)
      .values([1, 2, 3, 4, 5].map((eventId) => ({ subscriptionId: sub.id, eventId, eventType: 'message.created', body: '{}', status: 'delivered' as const })));
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ eventId: number }>; nextCursor: string | null } = await admin.ok('GET', `/api/webhooks/${sub.id}/deliveries?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((d) => d.eventId));
      cursor = page.nextCursor;
    } while (cursor && seen.length < 10);
    expect(seen).toEqual([5, 4, 3, 2, 1]);
    expect((await admin.call('GET', `/api/webhooks/${sub.id}/deliveries?cursor=forged`)).body.error.code).toBe('invalid_cursor');
  });

  it('narrows the delivery log to one status, and refuses a status deliveries cannot have with 422', async () => {
    const sub = await admin.ok('POST', '/api/webhooks', { url: 'https://hooks.example.com/status', events: ['message.created'] });
    const statuses = ['delivered', 'failed', 'pending', 'failed'] as const;
    await t.services.database.db.insert(webhookDeliveries).values(statuses.map((status, i) => ({ subscriptionId: sub.id, eventId: i + 1, eventType: 'message.created', body: '{}', status })));
    const failed: { items: Array<{ eventId: number; status: string }> } = await admin.ok('GET', `/api/webhooks/${sub.id}/deliveries?status=failed`);
    expect(failed.items.map((d) => [d.eventId, d.status])).toEqual([
      [4, 'failed'],
      [2, 'failed'],
    ]);
    const r = await admin.call('GET', `/api/webhooks/${sub.id}/deliveries?status=bounced`);
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({ code: 'validation_failed', message: expect.stringMatching(/^status: .*pending.*delivered.*failed/) });
  });

  it('is for admins only', async () => {
    const agent = await admin.user(['agent']);
    expect((await agent.call('GET', '/api/webhooks')).status).toBe(403);
    expect((await agent.call('POST', '/api/webhooks', { url: 'https://hooks.example.com/a', events: ['message.created'] })).status).toBe(403);
  });

  it('lists every webhook route in the OpenAPI document', async () => {
    const paths = (await admin.ok('GET', '/api/openapi.json')).paths;
    expect(Object.keys(paths['/api/webhooks']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(paths['/api/webhooks/{id}']).sort()).toEqual(['delete', 'get', 'patch']);
    expect(Object.keys(paths['/api/webhooks/{id}/deliveries'])).toEqual(['get']);
    expect(Object.keys(paths['/api/webhooks/{id}/replay'])).toEqual(['post']);
    expect(Object.keys(paths['/api/webhooks/{id}/rotate-secret'])).toEqual(['post']);
  });
});
