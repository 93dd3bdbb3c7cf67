// SSRF at save time: an API channel or a workflow webhook pointed at a private, loopback or metadata address is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';

// The spellings an attack review used, each refused for the range it falls in.
const FORBIDDEN: Array<[string, string]> = [
  ['http://127.0.0.1:6379/', '127.0.0.1 is a loopback address'],
  ['http://[::1]:8080/', '[::1] is a loopback address'],
  ['http://0x7f000001/', '127.0.0.1 is a loopback address'],
  ['http://2130706433/', '127.0.0.1 is a loopback address'],
  ['http://localhost:5432/', 'localhost is a loopback address'],
  ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is a link-local address (where cloud metadata services live)'],
  ['http://10.0.0.1/', '10.0.0.1 is a private address'],
  ['http://[::ffff:127.0.0.1]/', '[::ffff:7f00:1] is a loopback address'],
];
const because = (why: string) => `destination not allowed: ${why}; webhooks may only reach public addresses unless ULAK_WEBHOOK_ALLOW lists it`;

describe('webhook destinations without an allow-list', () => {
  let t: TestApp;
  let admin: Client;

  beforeAll(async () => {
    t = await createTestApp({ env: { ULAK_WEBHOOK_ALLOW: '' } });
    admin = await Client.admin(t.app);
  });
  afterAll(() => t.close());

  it.each(FORBIDDEN)('refuses an API channel whose webhookUrl is %s', async (webhookUrl, why) => {
    const r = await admin.call('POST', '/api/channels', { kind: 'api', name: 'Website', config: { webhookUrl } });
    expect(r).toEqual({ status: 422, body: { error: { code: 'destination_not_allowed', message: `config.webhookUrl: ${because(why)}` } } });
  });

  it('accepts a public host name, and refuses changing it to a private address', async () => {
    const channel = await admin.ok('POST', '/api/channels', { kind: 'api', name: 'Shop', config: { webhookUrl: 'https://hooks.example.com/ulak' } });
    const r = await admin.call('PATCH', `/api/channels/${channel.id}`, { config: { webhookUrl: 'http://169.254.169.254/' } });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('destination_not_allowed');
    expect((await admin.ok('GET', `/api/channels/${channel.id}`)).config.webhookUrl).toBe('https://hooks.example.com/ulak');
  });

  it('refuses a webhook URL that is not http or https', async () => {
    const r = await admin.call('POST', '/api/channels', { kind: 'api', name: 'Files', config: { webhookUrl: 'file:///etc/passwd' } });
    expect(r).toEqual({ status: 422, body: { error: expect.objectContaining({ code: 'invalid_config', message: 'config.webhookUrl: must be an http:// or https:// URL' }) } });
  });

  const workflow = (url: string) => ({
    name: 'Tell the CRM',
    trigger: { type: 'event', event: 'conversation.created' },
    actions: [
      { id: 'tag', type: 'add_label', label: 'crm' },
      { id: 'notify', type: 'call_webhook', url, secretRef: 'crm' },
    ],
  });

  it.each(FORBIDDEN)('refuses saving a workflow that calls %s', async (url, why) => {
    const r = await admin.call('POST', '/api/workflows', workflow(url));
    expect(r.status).toBe(422);
    // The code lets the editor say it in the marketer's language.
    expect(r.body.error).toMatchObject({ code: 'invalid_workflow', errors: [{ path: 'actions.1.url', message: because(why), code: 'destination_not_allowed' }] });
  });

  it('refuses the same in an edit and in a draft preview, and saves a host name (checked when called)', async () => {
    const marketer = await admin.user(['marketer']);
    const saved = await marketer.ok('POST', '/api/workflows', workflow('https://crm.example.com/hook'));
    const edit = await marketer.call('PATCH', `/api/workflows/${saved.id}`, { actions: workflow('http://10.0.0.1/').actions });
    expect(edit.status).toBe(422);
    expect(edit.body.error.errors).toEqual([{ path: 'actions.1.url', message: because('10.0.0.1 is a private address'), code: 'destination_not_allowed' }]);
    const preview = await marketer.call('POST', '/api/workflows/preview', { definition: workflow('http://[::1]/') });
    expect(preview.status).toBe(422);
    expect(preview.body.error.errors).toEqual([{ path: 'actions.1.url', message: because('[::1] is a loopback address'), code: 'destination_not_allowed' }]);
    expect((await marketer.ok('GET', `/api/workflows/${saved.id}`)).version).toBe(1);
  });
});
