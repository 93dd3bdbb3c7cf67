// Agents hear every change without reloading: SSE fed by NOTIFY, so every server process delivers every event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../server/config.ts';
import { createApp } from '../../server/app.ts';
import { createServices, type Services } from '../../server/services.ts';
import { createLogger } from '../../server/logger.ts';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';
import { createApiChannel, postInbound } from '../support/api-channel.ts';
import { openStream } from '../support/sse-stream.ts';
import { recordEvent, transact } from '../../server/events/record-event.ts';

const waitFor = async (check: () => boolean) => {
  const until = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('realtime events', () => {
  let t: TestApp;
  let admin: Client;
  let second: Services | undefined;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await Client.admin(t.app);
  });
  afterAll(async () => {
    await second?.close();
    await t.close();
  });

  it('streams a new inbound message to a signed-in agent after it is stored', async () => {
    const stream = await openStream(t.app, admin);
    await waitFor(() => stream.events.some((e) => e.type === undefined || true));
    const channel = await createApiChannel(admin);
    const { body } = await postInbound(t.app, channel, { externalId: 'rt1', from: { id: 'u' }, text: 'live!' });
    await waitFor(() => stream.events.some((e) => e.type === 'message.received' && e.messageId === body.messageId));
    expect(stream.events.find((e) => e.type === 'conversation.created')).toMatchObject({ conversationId: body.conversationId });
    stream.close();
  });

  it('leaves workflow run outcomes to integrations: they are recorded, never streamed', async () => {
    const stream = await openStream(t.app, admin);
    await new Promise((r) => setTimeout(r, 200));
    await transact(t.services.database, (tx) => recordEvent(tx, { type: 'workflow.run_exited', causedByAutomation: true, payload: { status: 'stopped', reason: 'workflow-deleted' } }));
    const channel = await createApiChannel(admin);
    const { body } = await postInbound(t.app, channel, { externalId: 'rt3', from: { id: 'u3' }, text: 'after the outcome' });
    await waitFor(() => stream.events.some((e) => e.type === 'message.received' && e.messageId === body.messageId));
    expect(stream.events.filter((e) => String(e.type).startsWith('workflow.'))).toEqual([]);
    stream.close();
  });

  it('refuses the stream to anonymous callers', async () => {
    expect((await t.app.request('/api/events')).status).toBe(401);
  });

  it.runIf(!!process.env.DATABASE_URL)('delivers an event committed by one server process to agents connected to another', async () => {
    second = await createServices(loadConfig({ DATABASE_URL: t.database.url!, ULAK_DATA_DIR: '/tmp', ULAK_SECRET_KEY: randomBytes(32).toString('hex'), LOG_LEVEL: 'silent' }), {
      logger: createLogger('silent'),
    });
    const otherApp = createApp(second);
    const agentOnOther = await new Client(otherApp).as('admin@example.com', 'correct horse');
    const stream = await openStream(otherApp, agentOnOther);
    await new Promise((r) => setTimeout(r, 200));
    const channel = await createApiChannel(admin);
    const { body } = await postInbound(t.app, channel, { externalId: 'rt2', from: { id: 'u2' }, text: 'across processes' });
    await waitFor(() => stream.events.some((e) => e.type === 'message.received' && e.messageId === body.messageId));
    stream.close();
  });
});
