import { describe, expect, it } from 'vitest';
import { fakeServer } from '../../test/fake-server';
import { AiSettingsForm } from './ai-settings.svelte';

const stored = { enabled: false, baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.1', maskPii: true, roles: ['admin', 'agent'], apiKey: '********', apiKeySet: true };

function world(test: () => unknown) {
  const server = fakeServer({
    'GET /api/workspace/ai': () => stored,
    'PUT /api/workspace/ai': ({ body }) => ({ ...stored, ...body, apiKey: body.apiKey === '' ? null : '********', apiKeySet: body.apiKey !== '' }),
    'POST /api/workspace/ai/test': test,
  });
  const saved: boolean[] = [];
  return { form: new AiSettingsForm(server.api, (view) => saved.push(view.enabled)), calls: server.calls, saved };
}

describe('AiSettingsForm', () => {
  it('keeps the stored key unless one is typed or removal is asked, and tells the app whether the model is on', async () => {
    const { form, calls, saved } = world(() => ({ ok: true, model: 'llama3.1', reply: 'ok' }));
    await form.load();
    expect([form.keySet, form.apiKey]).toEqual([true, '']);
    form.enabled = true;
    await form.save();
    form.apiKey = 'sk-new';
    await form.save();
    form.removeKey = true;
    await form.save();
    const puts = calls.filter((c) => c.method === 'PUT').map((c) => c.body.apiKey);
    expect(puts).toEqual([undefined, 'sk-new', '']);
    expect(form.keySet).toBe(false);
    expect(saved).toEqual([true, true, true]);
  });

  it('sends the roles that may use the model as ticked, and shows what was saved', async () => {
    const { form, calls } = world(() => ({ ok: true, model: 'llama3.1', reply: 'ok' }));
    await form.load();
    expect(form.roles).toEqual(['admin', 'agent']);
    form.toggleRole('agent', false);
    await form.save();
    form.toggleRole('agent', true);
    form.toggleRole('agent', true);
    await form.save();
    expect(calls.filter((c) => c.method === 'PUT').map((c) => c.body.roles)).toEqual([['admin'], ['admin', 'agent']]);
    expect(form.roles).toEqual(['admin', 'agent']);
  });

  it('tests the unsaved form without saving it, and shows the exact failure code, from an answer or a refusal', async () => {
    let answer: unknown = { ok: false, error: { code: 'ai_connection_refused', message: 'refused' } };
    const { form, calls, saved } = world(() => answer);
    await form.load();
    form.enabled = true;
    form.baseUrl = ' http://127.0.0.1:9/v1 ';
    form.apiKey = 'sk-try';
    await form.runTest();
    expect(calls.filter((c) => c.method !== 'GET').map((c) => [c.method + ' ' + c.path, c.body])).toEqual([
      ['POST /api/workspace/ai/test', { baseUrl: 'http://127.0.0.1:9/v1', model: 'llama3.1', apiKey: 'sk-try' }],
    ]);
    expect(saved).toEqual([]);
    expect(form.test).toEqual({ ok: false, error: { code: 'ai_connection_refused', message: 'refused' } });
    answer = { status: 409, body: { error: { code: 'ai_not_configured', message: 'Set a base URL and a model first' } } };
    await form.runTest();
    expect(form.test).toEqual({ ok: false, error: { code: 'ai_not_configured', message: 'Set a base URL and a model first' } });
    expect(form.testing).toBe(false);
  });
});
