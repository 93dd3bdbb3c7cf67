import { describe, expect, it } from 'vitest';
import { ApiError, createApi } from '../api';
import { fakeServer } from '../../test/fake-server';
import { AssistState, modelOpenTo } from './assist.svelte';

const conversationId = 'c-1';
const suggestions = [
  { id: 's-1', source: 'canned', text: 'Kargonuz yarın elinizde.' },
  { id: 's-2', source: 'history', text: 'Hemen kontrol ediyorum.' },
  { id: 's-3', source: 'canned', text: 'İade kodunuz: {{code}}' },
];

/** The assist route as Server-Sent Events, written by the test one piece at a time; everything else goes to the fake API. */
function world() {
  const streams: Array<{ body: any; push: (event: string, data: unknown) => void; end: () => void; signal: AbortSignal | undefined }> = [];
  let refuse: { status: number; code: string } | null = null;
  let available = false;
  const server = fakeServer({
    'GET /api/conversations/:id/suggestions': () => ({ items: suggestions }),
    'POST /api/conversations/:id/suggestions/:item/picked': () => ({ count: 1 }),
    'GET /api/workspace/ai/availability': () => ({ available }),
  });
  const fetch = async (input: string, init: RequestInit = {}) => {
    if (!input.endsWith('/assist')) return server.fetch(input, init);
    if (refuse) return new Response(JSON.stringify({ error: { code: refuse.code, message: 'no' } }), { status: refuse.status, headers: { 'Content-Type': 'application/json' } });
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    const encode = (text: string) => new TextEncoder().encode(text);
    streams.push({
      body: JSON.parse(String(init.body)),
      // Split across chunks on purpose: an event may arrive in pieces.
      push: (event, data) => {
        const text = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
        controller.enqueue(encode(text.slice(0, 7)));
        controller.enqueue(encode(text.slice(7)));
      },
      end: () => controller.close(),
      signal: init.signal ?? undefined,
    });
    init.signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
    return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
  };
  const api = createApi({ fetch });
  return { assist: new AssistState(api), calls: server.calls, streams, refuse: (next: typeof refuse) => (refuse = next), allow: (next: boolean) => (available = next) };
}

const settle = async (times = 5) => {
  for (let i = 0; i < times; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};
async function until(check: () => boolean) {
  for (let i = 0; i < 200 && !check(); i++) await settle(1);
  expect(check()).toBe(true);
}

describe('AssistState', () => {
  it('fetches suggestions once per customer message, again when a new one arrives, and records a pick', async () => {
    const { assist, calls } = world();
    await assist.loadSuggestions(conversationId, 'm-1');
    await assist.loadSuggestions(conversationId, 'm-1');
    expect(assist.suggestions.map((s) => s.text)).toEqual(suggestions.map((s) => s.text));
    expect(calls.filter((c) => c.path.endsWith('/suggestions')).length).toBe(1);
    await assist.loadSuggestions(conversationId, 'm-2');
    expect(calls.filter((c) => c.path.endsWith('/suggestions')).length).toBe(2);

    expect(assist.pick(1)).toBe('Hemen kontrol ediyorum.');
    expect(assist.pick(5)).toBe(null);
    await settle();
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual([`/api/conversations/${conversationId}/suggestions/s-2/picked`]);
  });

  it('streams a draft piece by piece into the callback and never sends a message', async () => {
    const { assist, calls, streams } = world();
    assist.reset(conversationId);
    const seen: string[] = [];
    const result = assist.draft((text) => seen.push(text));
    await until(() => streams.length === 1);
    expect(streams[0]!.body).toEqual({ task: 'draft' });
    expect(assist.running).toBe('draft');
    streams[0]!.push('delta', { text: 'Merhaba ' });
    await until(() => seen.length === 1);
    streams[0]!.push('delta', { text: 'Ayşe Hanım.' });
    streams[0]!.push('done', { text: 'Merhaba Ayşe Hanım.' });
    streams[0]!.end();
    expect(await result).toBe('Merhaba Ayşe Hanım.');
    expect(seen).toEqual(['Merhaba ', 'Merhaba Ayşe Hanım.', 'Merhaba Ayşe Hanım.']);
    expect(assist.running).toBe(null);
    expect(calls.some((c) => c.path.includes('/messages'))).toBe(false);
  });

  it('keeps what arrived when the agent presses stop, with no error', async () => {
    const { assist, streams } = world();
    assist.reset(conversationId);
    const summary = assist.summarise();
    await until(() => streams.length === 1);
    streams[0]!.push('delta', { text: 'Müşteri kargosunu soruyor.' });
    await until(() => assist.summary === 'Müşteri kargosunu soruyor.');
    assist.stop();
    expect(await summary).toBe(null);
    expect(streams[0]!.signal?.aborted).toBe(true);
    expect([assist.summary, assist.running, assist.error]).toEqual(['Müşteri kargosunu soruyor.', null, null]);
  });

  it('shows the model tools only once the server says this user may use the model', async () => {
    const { assist, allow } = world();
    expect(assist.available).toBe(false);
    await assist.readAvailability();
    expect(assist.available).toBe(false);
    allow(true);
    await assist.readAvailability();
    expect(assist.available).toBe(true);
  });

  it('hides the model tools on 409 ai_disabled and reports other failures by code', async () => {
    const { assist, refuse, streams } = world();
    assist.reset(conversationId);
    refuse({ status: 409, code: 'ai_disabled' });
    expect(await assist.draft(() => {})).toBe(null);
    expect(assist.available).toBe(false);
    expect((assist.error as ApiError).code).toBe('ai_disabled');

    assist.available = true;
    assist.error = null;
    refuse(null);
    const translation = assist.translate('m-1', 'Kargom nerede?');
    await until(() => streams.length === 1);
    expect(streams[0]!.body).toEqual({ task: 'translate', messageId: 'm-1' });
    streams[0]!.push('error', { error: { code: 'ai_timeout', message: 'The model server did not answer within 30 s' } });
    streams[0]!.end();
    expect(await translation).toBe(null);
    expect(assist.error).toBeInstanceOf(ApiError);
    expect((assist.error as ApiError).code).toBe('ai_timeout');
    // Nothing arrived, so no empty translation is left beside the message.
    expect(assist.translations['m-1']).toBe(undefined);
  });

  it("hides the model tools on 403 ai_not_permitted, when the settings leave out this agent's roles", async () => {
    const { assist, refuse } = world();
    assist.reset(conversationId);
    refuse({ status: 403, code: 'ai_not_permitted' });
    expect(await assist.draft(() => {})).toBe(null);
    expect(assist.available).toBe(false);
    expect((assist.error as ApiError).code).toBe('ai_not_permitted');
    expect(modelOpenTo({ enabled: true, roles: ['admin'] }, ['agent'])).toBe(false);
    expect(modelOpenTo({ enabled: true, roles: ['admin'] }, ['agent', 'admin'])).toBe(true);
    expect(modelOpenTo({ enabled: false, roles: ['admin', 'agent'] }, ['admin'])).toBe(false);
  });

  it('keeps the suggestions and the model tools when the model server cannot be reached (a JSON 502 before any stream)', async () => {
    const { assist, refuse } = world();
    assist.reset(conversationId);
    await assist.loadSuggestions(conversationId, 'm-1');
    assist.available = true;
    refuse({ status: 502, code: 'ai_connection_refused' });
    expect(await assist.draft(() => {})).toBe(null);
    expect((assist.error as ApiError).code).toBe('ai_connection_refused');
    expect(assist.available).toBe(true);
    expect(assist.suggestions.map((s) => s.text)).toEqual(suggestions.map((s) => s.text));
  });

  it('reports a stream that stops with neither done nor error as cut off, keeping what arrived in the draft', async () => {
    const { assist, streams } = world();
    assist.reset(conversationId);
    let shown = '';
    const draft = assist.draft((text) => (shown = text));
    await until(() => streams.length === 1);
    streams[0]!.push('delta', { text: 'Merhaba, ' });
    streams[0]!.end();
    expect(await draft).toBe(null);
    expect((assist.error as ApiError).code).toBe('ai_stream_cut');
    expect(shown).toBe('Merhaba, ');
  });

  it('treats an answer of blank space as no answer', async () => {
    const { assist, streams } = world();
    assist.reset(conversationId);
    const draft = assist.draft(() => {});
    await until(() => streams.length === 1);
    streams[0]!.push('delta', { text: '  \n' });
    streams[0]!.push('done', { text: '  \n' });
    streams[0]!.end();
    expect(await draft).toBe(null);
    expect((assist.error as ApiError).code).toBe('ai_empty_answer');
  });

  it("translates the agent's unsent draft and keeps both texts", async () => {
    const { assist, streams } = world();
    assist.reset(conversationId);
    const translated = assist.translateDraft('I will check your parcel now.');
    await until(() => streams.length === 1);
    expect(streams[0]!.body).toEqual({ task: 'translate', text: 'I will check your parcel now.' });
    streams[0]!.push('delta', { text: 'Kargonuzu hemen kontrol ediyorum.' });
    streams[0]!.push('done', { text: 'Kargonuzu hemen kontrol ediyorum.' });
    streams[0]!.end();
    expect(await translated).toBe('Kargonuzu hemen kontrol ediyorum.');
    expect(assist.translations.draft).toEqual({ original: 'I will check your parcel now.', text: 'Kargonuzu hemen kontrol ediyorum.', done: true });
  });

  it('forgets suggestions, summary and translations when another conversation opens', async () => {
    const { assist } = world();
    await assist.loadSuggestions(conversationId, 'm-1');
    assist.summary = 'old';
    assist.reset('c-2');
    expect([assist.suggestions, assist.summary, assist.translations]).toEqual([[], null, {}]);
  });
});
