import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChannelContract } from '../channel.case.test.ts';
import { MemorySink } from '../testing/memory-sink.ts';
import { makeChannelContext } from '../testing/make-channel-context.ts';
import { ChannelError } from '../channel.ts';
import { EMPTY_ALLOW_LIST } from '../../server/egress/index.ts';
import { apiDriver } from './api-channel.ts';
import { sign } from '../signature.ts';

const secret = 'a-very-secret-signing-key';
const CHANNEL_ID = '00000000-0000-4000-8000-000000000001';

/** A local HTTP receiver standing in for the integrator's webhook. */
function startReceiver() {
  const received: Array<{ body: any; signature: string | null }> = [];
  let failNext: number | undefined;
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    async fetch(req) {
      const text = await req.text();
      if (failNext) {
        const status = failNext;
        failNext = undefined;
        return new Response('nope', { status });
      }
      received.push({ body: JSON.parse(text), signature: req.headers.get('x-ulak-signature') });
      return new Response('ok');
    },
  });
  return { url: `http://127.0.0.1:${server.port}/hook`, received, fail: (s: number) => (failNext = s), stop: () => server.stop(true) };
}

const inboundBody = JSON.stringify({ externalId: 'ext-1', from: { id: 'user-7', name: 'Ali' }, text: 'Selam' });
const webhook = (body: string, signature = sign(secret, body)) => ({
  method: 'POST',
  publicUrl: 'https://ulak.example.test/api/channels/x/inbound',
  subPath: '/inbound',
  headers: new Headers({ 'x-ulak-signature': signature }),
  rawBody: body,
});

runChannelContract('api', async () => {
  const receiver = startReceiver();
  return {
    async create(sink) {
      return apiDriver.create(makeChannelContext('api', { secret, webhookUrl: receiver.url }, { sink, channelId: CHANNEL_ID }));
    },
    async deliverInbound(channel, times) {
      for (let i = 0; i < times; i++) {
        const response = await channel.handleWebhook!(webhook(inboundBody));
        if (response.status !== 202) throw new Error(`webhook answered ${response.status}`);
      }
    },
    async deliverReply(channel, _sent, text) {
      // The API's inbound body names no message it answers: the reply threads by its sender.
      const response = await channel.handleWebhook!(webhook(JSON.stringify({ externalId: `ext-${crypto.randomUUID()}`, from: { id: 'user-7', name: 'Ali' }, text })));
      if (response.status !== 202) throw new Error(`webhook answered ${response.status}`);
    },
    replyReference: null,
    forgedWebhook: () => webhook(inboundBody, sign('not-the-channel-secret', inboundBody)),
    async deliverStatus(channel, sent, status) {
      const body = JSON.stringify({ messageId: sent.result.externalId, status, ...(status === 'failed' ? { error: 'mailbox full' } : {}) });
      const response = await channel.handleWebhook!({ ...webhook(body), subPath: '/status' });
      if (response.status !== 200) throw new Error(`status callback answered ${response.status}`);
    },
    expected: { identity: { kind: 'api', value: '00000000-0000-4000-8000-000000000001:user-7' }, text: 'Selam' },
    recipient: { kind: 'api', value: '00000000-0000-4000-8000-000000000001:user-7' },
    async sent() {
      // The peer sees ids scoped to its own channel; the identity is channel-qualified.
      return receiver.received.map((r) => ({ to: `00000000-0000-4000-8000-000000000001:${r.body.to.id}`, text: r.body.text }));
    },
    failNextSend(kind) {
      receiver.fail(kind === 'temporary' ? 503 : 400);
    },
    close: async () => receiver.stop(),
  };
});

describe('api channel', () => {
  const receiver = startReceiver();
  afterAll(() => receiver.stop());
  let sink: MemorySink;
  let channel: ReturnType<typeof apiDriver.create>;
  beforeAll(() => {
    sink = new MemorySink();
    channel = apiDriver.create(makeChannelContext('api', { secret, webhookUrl: receiver.url }, { sink, channelId: CHANNEL_ID }));
  });

  it('rejects a bad signature with 401 and stores nothing', async () => {
    const res = await channel.handleWebhook!(webhook(inboundBody, 'sha256=' + '0'.repeat(64)));
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body!).error.code).toBe('invalid_signature');
    expect(sink.calls).toHaveLength(0);
  });

  it('rejects invalid JSON and missing fields with a clear error', async () => {
    expect((await channel.handleWebhook!(webhook('{not json'))).status).toBe(400);
    const res = await channel.handleWebhook!(webhook(JSON.stringify({ from: { id: 'x' } })));
    expect(res.status).toBe(422);
    expect(JSON.parse(res.body!).error.message).toMatch(/externalId/);
    expect(sink.calls).toHaveLength(0);
  });

  it('signs replies it posts to the webhook so the receiver can verify them', async () => {
    await channel.send({ id: 'm-1', to: { kind: 'api', value: 'x:user-9' }, text: 'Hi' });
    const last = receiver.received.at(-1)!;
    expect(last.signature).toBe(sign(secret, JSON.stringify(last.body)));
  });

  it('turns a signed status callback into a delivery update', async () => {
    const body = JSON.stringify({ messageId: 'm-1', status: 'delivered' });
    const res = await channel.handleWebhook!({ ...webhook(body), subPath: '/status' });
    expect(res.status).toBe(200);
    expect(sink.updates).toEqual([{ externalId: 'm-1', status: 'delivered', error: undefined }]);
  });

  it('posts to no private address unless the admin allowed it, and the error does not tell an open port from a closed one', async () => {
    const unallowed = (webhookUrl: string) => apiDriver.create(makeChannelContext('api', { secret, webhookUrl }, { channelId: CHANNEL_ID, egress: { allow: EMPTY_ALLOW_LIST } }));
    const before = receiver.received.length;
    const errors = [];
    for (const url of [receiver.url, 'http://127.0.0.1:1/hook', 'http://[::1]:1/hook', 'http://169.254.169.254/latest/meta-data/']) {
      errors.push(
        await unallowed(url)
          .send({ id: 'm-ssrf', to: { kind: 'api', value: 'x:user-9' }, text: 'Hi' })
          .catch((e: ChannelError) => e),
      );
    }
    expect(errors.map((e) => e instanceof ChannelError && [e.code, e.message, e.retryable])).toEqual(Array(4).fill(['CONFIG', 'webhook: destination not allowed', false]));
    expect(receiver.received.length).toBe(before);
  });

  it('reports an allowed receiver that cannot be reached as retryable, without the socket error', async () => {
    const closed = apiDriver.create(makeChannelContext('api', { secret, webhookUrl: 'http://127.0.0.1:1/hook' }, { channelId: CHANNEL_ID }));
    const error = await closed.send({ id: 'm-2', to: { kind: 'api', value: 'x:user-9' }, text: 'Hi' }).catch((e: ChannelError) => e);
    expect(error instanceof ChannelError && [error.code, error.message, error.retryable]).toEqual(['TEMPORARY', 'webhook: destination unreachable', true]);
  });
});
