// The shared contract every connector passes. Each connector's test calls `runChannelContract` once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelError, type Channel, type Identity, type InboundSink } from './channel.ts';
import { MemorySink } from './testing/memory-sink.ts';

export interface ContractHarness {
  /** Build the channel under test, wired to `sink`, talking to the harness's fake or real peer. */
  create(sink: InboundSink): Promise<Channel>;
  /** Make the peer deliver one and the same inbound message `times` times (webhook retry, re-poll). */
  deliverInbound(channel: Channel, times: number): Promise<void>;
  expected: { identity: Pick<Identity, 'kind' | 'value'>; text: string };
  recipient: Identity;
  /** What the peer received from `send`, oldest first: recipient address and text. */
  sent(): Promise<Array<{ to: string; text: string }>>;
  /** Make the next send fail the way this provider fails for that class of error. */
  failNextSend(kind: 'temporary' | 'permanent'): void;
  close(): Promise<void>;
}

export function runChannelContract(name: string, makeHarness: () => Promise<ContractHarness>) {
  describe(`${name} channel contract`, () => {
    let harness: ContractHarness;
    let sink: MemorySink;
    let channel: Channel;

    beforeAll(async () => {
      harness = await makeHarness();
      sink = new MemorySink();
      channel = await harness.create(sink);
    });
    afterAll(async () => {
      await channel?.stop?.();
      await harness?.close();
    });

    it('normalizes an inbound message into the sender identity, text and time', async () => {
      await harness.deliverInbound(channel, 1);
      const message = sink.messages.at(-1)!;
      expect(message).toBeDefined();
      expect(message.from.identities[0]).toMatchObject(harness.expected.identity);
      expect(message.text).toBe(harness.expected.text);
      expect(message.sentAt).toBeInstanceOf(Date);
      expect(Number.isNaN(message.sentAt.getTime())).toBe(false);
      expect(message.idempotencyKey.length).toBeGreaterThan(0);
    });

    it('gives a redelivered message the same idempotency key, so it is stored once', async () => {
      const callsBefore = sink.calls.length;
      await harness.deliverInbound(channel, 3);
      const calls = sink.calls.slice(callsBefore);
      // Something must arrive (a suite that passes when nothing is delivered proves nothing), always under one key…
      expect(calls.length).toBeGreaterThanOrEqual(1);
      const keys = [...new Set(calls.map((m) => m.idempotencyKey))];
      expect(keys).toHaveLength(1);
      // …and that key is stored exactly once, however often it came.
      expect(sink.messages.filter((m) => m.idempotencyKey === keys[0])).toHaveLength(1);
    });

    it('sends a reply to the recipient and returns the provider id', async () => {
      const result = await channel.send({ id: crypto.randomUUID(), to: harness.recipient, text: 'Merhaba, how can we help?' });
      expect(typeof result.externalId).toBe('string');
      expect(result.externalId.length).toBeGreaterThan(0);
      const sent = await harness.sent();
      expect(sent.at(-1)).toMatchObject({ text: 'Merhaba, how can we help?' });
      expect(sent.at(-1)!.to).toContain(harness.recipient.value.replace(/^\+/, ''));
    });

    it('maps a temporary provider failure to a retryable ChannelError', async () => {
      harness.failNextSend('temporary');
      const error = await channel.send({ id: crypto.randomUUID(), to: harness.recipient, text: 'x' }).catch((e) => e);
      expect(error).toBeInstanceOf(ChannelError);
      expect((error as ChannelError).retryable).toBe(true);
    });

    it('maps a permanent provider failure to a final ChannelError', async () => {
      harness.failNextSend('permanent');
      const error = await channel.send({ id: crypto.randomUUID(), to: harness.recipient, text: 'x' }).catch((e) => e);
      expect(error).toBeInstanceOf(ChannelError);
      expect((error as ChannelError).retryable).toBe(false);
    });
  });
}
