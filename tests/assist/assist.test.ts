// Drafts, summaries and translations from a local chat-completions server: whole and streamed, masked, logged, off by default.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assistCalls, contacts, messages, orders } from '../../server/db/schema/index.ts';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';
import { eventually } from '../support/api-channel.ts';
import { fakeModelServer } from './fake-model-server.ts';
import { conversationWith, seedSupport } from './seed-support.ts';

/** The events of a text/event-stream body, in order. */
async function readEvents(res: Response): Promise<Array<{ event: string; data: any }>> {
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n');
      return { event, data: JSON.parse(data) };
    });
}

describe('assist with the workspace model', () => {
  let t: TestApp;
  let admin: Client;
  let agent: Client;
  let conversationId: string;
  const model = fakeModelServer();
  const SSE = { accept: 'text/event-stream' };
  beforeAll(async () => {
    t = await createTestApp({ env: { ULAK_AI_TIMEOUT_MS: '2000' } });
    admin = await Client.admin(t.app);
    agent = await admin.user(['agent']);
    await seedSupport(t.database);
    const seeded = await conversationWith(t.database, 'Ayşe Yılmaz', 'open', [
      ['in', 'Merhaba, siparişim gelmedi. Bana ayse@example.com ya da 0532 555 44 33 üzerinden ulaşın. Kartım 4111 1111 1111 1111 ile ödedim.'],
      ['out', 'Kontrol ediyorum Ayşe Hanım.'],
    ]);
    conversationId = seeded.conversationId;
    await t.database.db.update(contacts).set({ language: 'tr' }).where(eq(contacts.id, seeded.contactId));
    const order = { source: 'api', contactId: seeded.contactId, currency: 'TRY' } as const;
    await t.database.db.insert(orders).values([
      { ...order, externalId: 'A-1001', placedAt: new Date('2026-10-02T09:00:00Z'), total: '99.90', refunded: '99.90', status: 'refunded' },
      { ...order, externalId: 'A-1002', placedAt: new Date('2026-11-20T09:00:00Z'), total: '1250.00', status: 'paid', items: [{ name: 'Spor ayakkabı', quantity: 2, unitPrice: '625.00' }] },
    ]);
  });
  afterAll(async () => {
    model.stop();
    await t.close();
  });

  const assist = (body: Record<string, unknown>, headers?: Record<string, string>) => agent.raw('POST', `/api/conversations/${conversationId}/assist`, body, headers);
  const enable = (maskPii = true) => admin.ok('PUT', '/api/workspace/ai', { enabled: true, baseUrl: model.url, model: 'qwen2.5', maskPii });
  const lastPrompt = () =>
    model.received
      .at(-1)!
      .body.messages.map((m: any) => m.content)
      .join('\n');

  it('answers 409 ai_disabled while off, and nothing reaches the model server', async () => {
    const whole = await assist({ task: 'draft' });
    expect(whole.status).toBe(409);
    expect((await whole.json()).error.code).toBe('ai_disabled');
    expect((await assist({ task: 'summary' }, SSE)).status).toBe(409);
    expect(model.received).toHaveLength(0);
  });

  it('drafts a reply grounded in the conversation, the profile with the latest orders and the canned responses, with PII masked', async () => {
    await enable(true);
    const res = await assist({ task: 'draft' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ text: model.reply });
    const sent = model.received.at(-1)!;
    expect(sent.body).toMatchObject({ model: 'qwen2.5', stream: false });
    const prompt = lastPrompt();
    for (const secret of ['ayse@example.com', '0532 555 44 33', '4111 1111 1111 1111', '4111']) expect(prompt).not.toContain(secret);
    expect(prompt).toContain('Bana [email] ya da [phone] üzerinden ulaşın. Kartım [card] ile ödedim.');
    expect(prompt).toContain('Customer: Ayşe Yılmaz; language: tr.');
    // Her latest orders, so a draft about "my order" can name it instead of inventing one.
    expect(prompt).toContain('Orders (newest first, 2 of 2): #A-1002 on 2026-11-20, 1250.00 TRY, paid, 2× Spor ayakkabı; #A-1001 on 2026-10-02, 99.90 TRY, refunded (99.90 refunded).');
    expect(prompt).toContain('- kargo-takip: Merhaba {{contact.name}}, siparişiniz kargoya verildi.');
    expect(prompt).toContain('[agent] Kontrol ediyorum Ayşe Hanım.');
    const [logged] = await t.database.db.select().from(assistCalls).where(eq(assistCalls.task, 'draft'));
    expect(logged).toMatchObject({ conversationId, outcome: 'ok', promptTokens: 42, completionTokens: 7 });
  });

  it('streams a draft as delta events ending with done', async () => {
    const res = await assist({ task: 'draft' }, SSE);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = await readEvents(res);
    expect(events.at(-1)).toEqual({ event: 'done', data: { text: model.reply } });
    const deltas = events.filter((e) => e.event === 'delta');
    expect(deltas.length).toBe(model.reply.split(' ').length);
    expect(deltas.map((e) => e.data.text).join('')).toBe(model.reply);
    expect(model.received.at(-1)!.body.stream).toBe(true);
    expect(lastPrompt()).not.toContain('ayse@example.com');
    const rows = await t.database.db.select().from(assistCalls).where(eq(assistCalls.task, 'draft'));
    expect(rows.map((r) => [r.outcome, r.promptTokens, r.completionTokens])).toEqual([
      ['ok', 42, 7],
      ['ok', 42, 7],
    ]);
  });

  it('summarises and translates the chosen message into the asked language', async () => {
    expect(await (await assist({ task: 'summary' })).json()).toEqual({ text: model.reply });
    expect(lastPrompt()).toContain('Summarise the conversation');
    const [outbound] = await t.database.db.select().from(messages).where(eq(messages.text, 'Kontrol ediyorum Ayşe Hanım.'));
    const translated = await readEvents(await assist({ task: 'translate', messageId: outbound!.id, targetLanguage: 'de' }, SSE));
    expect(translated.at(-1)!.event).toBe('done');
    const sent = model.received.at(-1)!.body.messages;
    expect(sent[0].content).toContain('"de"');
    expect(sent[1]).toEqual({ role: 'user', content: 'Kontrol ediyorum Ayşe Hanım.' });
  });

  it("translates the agent's unsent draft into the customer's language, masked", async () => {
    const answer = await assist({ task: 'translate', text: 'I am checking it, write to me at agent@example.com' });
    expect(await answer.json()).toEqual({ text: model.reply });
    const sent = model.received.at(-1)!.body.messages;
    expect(sent[0].content).toContain('"tr"');
    expect(sent[1]).toEqual({ role: 'user', content: 'I am checking it, write to me at [email]' });
  });

  it('summarises a long conversation from how it began as well as its last twenty messages', async () => {
    const lines: Array<['in' | 'out', string]> = Array.from({ length: 30 }, (_, i) => [i % 2 ? 'out' : 'in', `message ${i + 1}`]);
    const { conversationId: long } = await conversationWith(t.database, 'Deniz Kaya', 'open', lines);
    expect((await agent.raw('POST', `/api/conversations/${long}/assist`, { task: 'summary' })).status).toBe(200);
    const transcript = lastPrompt().split('Conversation, oldest first:\n')[1]!.split('\n');
    expect(transcript).toEqual([
      '[customer] message 1',
      '[agent] message 2',
      '[customer] message 3',
      '[… 7 messages not shown …]',
      ...lines.slice(10).map(([direction, text]) => `[${direction === 'in' ? 'customer' : 'agent'}] ${text}`),
    ]);
    // A draft answers the latest messages: it keeps the last twenty only.
    await agent.raw('POST', `/api/conversations/${long}/assist`, { task: 'draft' });
    expect(lastPrompt()).not.toContain('message 1\n');
    expect(lastPrompt()).toContain('[customer] message 11\n');
  });

  it("masks a customer's name that is a phone number or an email, as channels often give it", async () => {
    for (const [name, placeholder] of [
      ['+90 532 555 44 33', '[phone]'],
      ['mehmet@example.com', '[email]'],
    ] as const) {
      const { conversationId: other } = await conversationWith(t.database, name, 'open', [['in', 'Siparişim nerede?']]);
      for (const task of ['draft', 'summary'] as const) {
        expect((await agent.raw('POST', `/api/conversations/${other}/assist`, { task })).status).toBe(200);
        expect(lastPrompt(), `${task} for ${name}`).not.toContain(name);
        expect(lastPrompt(), `${task} for ${name}`).toContain(`Customer: ${placeholder}; language:`);
      }
    }
  });

  it('sends the text unmasked only when masking is off', async () => {
    await enable(false);
    await assist({ task: 'translate' });
    expect(model.received.at(-1)!.body.messages[1].content).toContain('ayse@example.com ya da 0532 555 44 33');
    await enable(true);
  });

  it('turns an error status, a slow answer and a stalled stream into clear codes', async () => {
    model.set({ kind: 'status', status: 500 });
    const failed = await assist({ task: 'draft' });
    expect([failed.status, (await failed.json()).error.code]).toEqual([502, 'ai_upstream_error']);
    const failedStream = await assist({ task: 'draft' }, SSE);
    expect([failedStream.status, (await failedStream.json()).error.code]).toEqual([502, 'ai_upstream_error']);
    model.set({ kind: 'hang' });
    const slow = await assist({ task: 'summary' });
    expect([slow.status, (await slow.json()).error.code]).toEqual([504, 'ai_timeout']);
    model.set({ kind: 'hang-mid-stream' });
    const stalled = await readEvents(await assist({ task: 'draft' }, SSE));
    expect(stalled.map((e) => e.event)).toEqual(['delta', 'error']);
    expect(stalled[1]!.data.error.code).toBe('ai_timeout');
    model.set({ kind: 'answer' });
    const outcomes = (await t.database.db.select().from(assistCalls)).map((r) => r.outcome).filter((o) => o !== 'ok');
    expect(outcomes.sort()).toEqual(['ai_timeout', 'ai_timeout', 'ai_upstream_error', 'ai_upstream_error']);
  });

  it('answers an unreachable model server with a JSON error before any stream starts, so the composer can fall back', async () => {
    const gone = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => new Response() });
    const url = `http://127.0.0.1:${gone.port}/v1`;
    gone.stop(true);
    await admin.ok('PUT', '/api/workspace/ai', { enabled: true, baseUrl: url, model: 'qwen2.5', maskPii: true });
    try {
      const res = await assist({ task: 'draft' }, SSE);
      expect(res.status).toBe(502);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect((await res.json()).error).toMatchObject({ code: 'ai_connection_refused', message: expect.stringContaining('could not be reached') });
    } finally {
      await enable();
    }
  });

  it('ends a stream the model server cut off with an error event, never a done carrying half an answer', async () => {
    for (const kind of ['end-mid-stream', 'break-mid-stream'] as const) {
      model.set({ kind });
      const res = await assist({ task: 'draft' }, SSE);
      expect(res.status, kind).toBe(200);
      const events = await readEvents(res);
      expect(
        events.map((e) => e.event),
        kind,
      ).toEqual(['delta', 'error']);
      expect(events[1]!.data.error, kind).toEqual({ code: 'ai_stream_cut', message: 'The model server stopped answering before the answer was finished' });
    }
    model.set({ kind: 'answer' });
  });

  it('ends a stream whose server reports an error after some text with an error event, even when [DONE] follows', async () => {
    model.set({ kind: 'error-mid-stream' });
    try {
      const events = await readEvents(await assist({ task: 'draft' }, SSE));
      expect(events.map((e) => e.event)).toEqual(['delta', 'error']);
      expect(events[1]!.data.error).toEqual({ code: 'ai_upstream_error', message: 'The model server reported an error: This model is overloaded' });
    } finally {
      model.set({ kind: 'answer' });
    }
  });

  it('answers a stream request the server answers with a web page as a plain JSON error, and one answered whole as one delta', async () => {
    try {
      model.set({ kind: 'bad-json' });
      const page = await assist({ task: 'draft' }, SSE);
      expect([page.status, page.headers.get('content-type')]).toEqual([502, 'application/json']);
      expect((await page.json()).error).toEqual({ code: 'ai_bad_response', message: "The model server's answer is not chat-completions JSON: a stream was asked for and the answer is text/html" });
      model.set({ kind: 'never-streams' });
      const whole = await assist({ task: 'draft' }, SSE);
      expect(whole.headers.get('content-type')).toContain('text/event-stream');
      expect(await readEvents(whole)).toEqual([
        { event: 'delta', data: { text: model.reply } },
        { event: 'done', data: { text: model.reply } },
      ]);
    } finally {
      model.set({ kind: 'answer' });
    }
  });

  /**
   * Runs `abandon` (a client that stops reading or goes away) against a model server in `mode`, which would only end by
   * the timeout and be logged ai_timeout if left alone; answers the outcome logged once the model server was hung up on.
   */
  async function outcomeOfAbandoned(mode: 'hang' | 'hang-mid-stream', task: 'summary' | 'translate', abandon: () => Promise<void>) {
    model.set({ kind: mode });
    const hungUpBefore = model.hungUp;
    const calls = () => t.database.db.select().from(assistCalls).where(eq(assistCalls.task, task));
    const loggedBefore = (await calls()).length;
    try {
      await abandon();
      const logged = await eventually(async () => {
        const rows = await calls();
        return model.hungUp === hungUpBefore + 1 && rows.length === loggedBefore + 1 && rows;
      });
      return logged.sort((a, b) => a.at.getTime() - b.at.getTime()).at(-1)!.outcome;
    } finally {
      model.set({ kind: 'answer' });
    }
  }

  it('hangs up on the model server when the agent stops a stream, and logs the call as cancelled', async () => {
    const outcome = await outcomeOfAbandoned('hang-mid-stream', 'summary', async () => {
      const res = await assist({ task: 'summary' }, SSE);
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      expect(new TextDecoder().decode((await reader.read()).value)).toContain('event: delta');
      await reader.cancel();
    });
    expect(outcome).toBe('cancelled');
  });

  it('hangs up on the model server when the client of a whole answer goes away, and logs the call as cancelled', async () => {
    const outcome = await outcomeOfAbandoned('hang', 'translate', async () => {
      const asked = model.received.length;
      const client = new AbortController();
      const answer = agent.raw('POST', `/api/conversations/${conversationId}/assist`, { task: 'translate' }, {}, client.signal).catch((error: Error) => error);
      await eventually(() => model.received.length === asked + 1);
      client.abort();
      await answer;
    });
    expect(outcome).toBe('cancelled');
  });

  it('lets only the roles the settings name use the model; a save that names none keeps them', async () => {
    const settings = (roles?: string[]) => ({ enabled: true, baseUrl: model.url, model: 'qwen2.5', maskPii: true, ...(roles ? { roles } : {}) });
    await enable(true);
    expect((await admin.ok('GET', '/api/workspace/ai')).roles).toEqual(['admin', 'agent']);
    await admin.ok('PUT', '/api/workspace/ai', settings(['admin']));
    const before = model.received.length;
    for (const headers of [undefined, SSE]) {
      const res = await assist({ task: 'draft' }, headers);
      expect(res.status).toBe(403);
      expect((await res.json()).error.code).toBe('ai_not_permitted');
    }
    expect(model.received).toHaveLength(before);
    // Suggestions need no model: agents keep them.
    expect((await agent.call('GET', `/api/conversations/${conversationId}/suggestions`)).status).toBe(200);
    expect((await admin.call('POST', `/api/conversations/${conversationId}/assist`, { task: 'draft' })).status).toBe(200);

    await admin.ok('PUT', '/api/workspace/ai', settings());
    expect((await admin.ok('GET', '/api/workspace/ai')).roles).toEqual(['admin']);
    const refused = await admin.call('PUT', '/api/workspace/ai', settings(['marketer']));
    expect(refused.status).toBe(422);
    expect((await admin.ok('GET', '/api/workspace/ai')).roles).toEqual(['admin']);
    await admin.ok('PUT', '/api/workspace/ai', settings(['agent', 'admin']));
    expect((await assist({ task: 'draft' })).status).toBe(200);
  });

  it('is for agents and admins only, and validates the task', async () => {
    const marketer = await admin.user(['marketer']);
    expect((await marketer.call('POST', `/api/conversations/${conversationId}/assist`, { task: 'draft' })).status).toBe(403);
    expect((await assist({ task: 'poem' })).status).toBe(422);
    expect((await assist({ task: 'translate', messageId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    expect((await admin.call('POST', `/api/conversations/${conversationId}/assist`, { task: 'draft' })).status).toBe(200);
  });
});
