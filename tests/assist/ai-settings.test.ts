// The workspace's model settings: admin only, key sealed and never returned, SSRF policy on the URL, a test that names the failure.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aiSettings } from '../../server/db/schema/index.ts';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';
import { fakeModelServer } from './fake-model-server.ts';

describe('workspace model settings', () => {
  let t: TestApp;
  let admin: Client;
  const model = fakeModelServer();
  beforeAll(async () => {
    t = await createTestApp({ env: { ULAK_AI_TIMEOUT_MS: '2000' } });
    admin = await Client.admin(t.app);
  });
  afterAll(async () => {
    model.stop();
    await t.close();
  });

  const put = (body: Record<string, unknown>) => admin.call('PUT', '/api/workspace/ai', { enabled: true, baseUrl: model.url, model: 'llama3', maskPii: true, ...body });

  it('is off by default, and keeps the key sealed and masked', async () => {
    expect(await admin.ok('GET', '/api/workspace/ai')).toEqual({ enabled: false, baseUrl: '', model: '', maskPii: true, roles: ['admin', 'agent'], apiKey: null, apiKeySet: false });
    const saved = await put({ apiKey: 'sk-local-secret-1234' });
    expect(saved.body).toEqual({ enabled: true, baseUrl: model.url, model: 'llama3', maskPii: true, roles: ['admin', 'agent'], apiKey: '********', apiKeySet: true });
    const [row] = await t.database.db.select().from(aiSettings).where(eq(aiSettings.id, 1));
    expect(row!.apiKeySealed).toMatch(/^v1\./);
    expect(row!.apiKeySealed).not.toContain('sk-local');
    // Leaving the key out keeps it; the test call sends it as a bearer token.
    await put({ maskPii: false });
    expect(await admin.ok('POST', '/api/workspace/ai/test')).toEqual({ ok: true, model: 'llama3', reply: model.reply });
    expect(model.received.at(-1)).toMatchObject({ path: '/v1/chat/completions', authorization: 'Bearer sk-local-secret-1234' });
  });

  it('refuses non-admins, a URL the egress policy forbids, and turning on without a URL', async () => {
    const agent = await admin.user(['agent']);
    expect((await agent.call('GET', '/api/workspace/ai')).status).toBe(403);
    expect((await agent.call('PUT', '/api/workspace/ai', { enabled: false, baseUrl: '', model: '', maskPii: true })).status).toBe(403);
    const metadata = await put({ baseUrl: 'http://169.254.169.254/v1' });
    expect(metadata.status).toBe(422);
    expect(metadata.body.error.message).toContain('destination not allowed');
    expect((await put({ baseUrl: '' })).body.error.code).toBe('validation_failed');
  });

  it('says exactly what failed', async () => {
    const failure = async () => (await admin.ok('POST', '/api/workspace/ai/test')).error?.code;
    await put({});
    model.set({ kind: 'status', status: 401 });
    expect(await failure()).toBe('ai_unauthorized');
    model.set({ kind: 'status', status: 404 });
    expect((await admin.ok('POST', '/api/workspace/ai/test')).error).toEqual({
      code: 'ai_model_not_found',
      message: 'The model server answered 404: no model "llama3" or no chat-completions endpoint at this URL',
    });
    // Given without the /v1 most such servers answer under, the answer says so.
    await put({ baseUrl: model.url.replace(/\/v1$/, '') });
    expect((await admin.ok('POST', '/api/workspace/ai/test')).error.message).toBe(
      'The model server answered 404: no model "llama3" or no chat-completions endpoint at this URL (OpenAI-compatible servers usually answer under /v1, e.g. http://localhost:11434/v1)',
    );
    await put({});
    model.set({ kind: 'status', status: 500 });
    expect(await failure()).toBe('ai_upstream_error');
    model.set({ kind: 'bad-json' });
    expect(await failure()).toBe('ai_bad_response');
    model.set({ kind: 'hang' });
    expect(await failure()).toBe('ai_timeout');
    model.set({ kind: 'answer' });
    const closed = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => new Response('') });
    const closedPort = closed.port;
    closed.stop(true);
    await put({ baseUrl: `http://127.0.0.1:${closedPort}/v1` });
    expect(await failure()).toBe('ai_connection_refused');
  });

  it('tests values given in the body without saving them, the stored key unless another is given', async () => {
    model.set({ kind: 'answer' });
    expect((await put({ enabled: false, baseUrl: 'http://127.0.0.1:9/v1', model: 'stored-model', apiKey: 'sk-stored' })).status).toBe(200);
    const before = await admin.ok('GET', '/api/workspace/ai');
    expect(await admin.ok('POST', '/api/workspace/ai/test', { baseUrl: model.url, model: 'llama3' })).toEqual({ ok: true, model: 'llama3', reply: model.reply });
    expect(model.received.at(-1)).toMatchObject({ authorization: 'Bearer sk-stored' });
    expect((await admin.ok('POST', '/api/workspace/ai/test', { baseUrl: model.url, model: 'llama3', apiKey: 'sk-other' })).ok).toBe(true);
    expect(model.received.at(-1)).toMatchObject({ authorization: 'Bearer sk-other' });
    expect(await admin.ok('GET', '/api/workspace/ai')).toEqual(before);
    // With no body, the stored settings are tested, as before.
    expect((await admin.ok('POST', '/api/workspace/ai/test')).error.code).toBe('ai_connection_refused');
    expect((await admin.call('POST', '/api/workspace/ai/test', { baseUrl: 'x'.repeat(2_001) })).status).toBe(422);
  });

  it('refuses a base URL to test that is no http(s) URL as the save does, naming the field', async () => {
    for (const baseUrl of ['not a url', 'ftp://models.example/v1', 'localhost:11434/v1']) {
      const res = await admin.call('POST', '/api/workspace/ai/test', { baseUrl, model: 'llama3' });
      expect([res.status, res.body.error], baseUrl).toEqual([
        422,
        { code: 'validation_failed', message: 'baseUrl: must be an http:// or https:// URL', fields: [{ path: 'baseUrl', code: 'custom' }] },
      ]);
    }
  });

  it('tells any signed-in user whether they may use the model now, and nothing more of the settings', async () => {
    const agent = await admin.user(['agent']);
    const marketer = await admin.user(['marketer']);
    const availability = async (client: Client) => client.ok('GET', '/api/workspace/ai/availability');
    expect((await admin.call('PUT', '/api/workspace/ai', { enabled: false, baseUrl: '', model: '', maskPii: true, roles: ['admin', 'agent'] })).status).toBe(200);
    expect(await availability(agent)).toEqual({ available: false });
    expect((await put({ roles: ['admin', 'agent'] })).status).toBe(200);
    expect(await availability(agent)).toEqual({ available: true });
    expect(await availability(marketer)).toEqual({ available: false });
    expect((await put({ roles: ['admin'] })).status).toBe(200);
    expect(await availability(agent)).toEqual({ available: false });
    expect(await availability(admin)).toEqual({ available: true });
    expect((await t.app.request('/api/workspace/ai/availability')).status).toBe(401);
  });

  it('lists the assistance routes in /api/openapi.json', async () => {
    const doc = await admin.ok('GET', '/api/openapi.json');
    const listed = Object.entries(doc.paths).flatMap(([path, methods]: [string, any]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    expect(listed).toEqual(
      expect.arrayContaining([
        'GET /api/conversations/{id}/suggestions',
        'POST /api/conversations/{id}/suggestions/{itemId}/picked',
        'POST /api/conversations/{id}/assist',
        'GET /api/workspace/ai',
        'PUT /api/workspace/ai',
        'POST /api/workspace/ai/test',
      ]),
    );
    // The assist route answers JSON, or a stream when asked for one: both are listed.
    expect(Object.keys(doc.paths['/api/conversations/{id}/assist'].post.responses['200'].content).sort()).toEqual(['application/json', 'text/event-stream']);
    expect(doc.paths['/api/conversations/{id}/assist'].post.responses['200'].content['text/event-stream'].schema.description).toContain('`delta`');
  });
});
