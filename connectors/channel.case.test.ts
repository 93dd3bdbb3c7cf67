// The shared contract every connector passes. Each connector's test calls `runChannelContract` once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusesThatMayBecome } from '../server/outbound/message-status.ts';
import { ChannelError, type Channel, type DeliveryUpdate, type Identity, type InboundMessage, type InboundSink, type OutboundMessage, type SendResult, type WebhookRequest } from './channel.ts';
import { MemorySink } from './testing/memory-sink.ts';

/** A message this suite sent, as the harness needs it to make the peer answer it or report on it. */
export interface SentMessage {
  outbound: OutboundMessage;
  result: SendResult;
}

export interface ContractHarness {
  /** Build the channel under test, wired to `sink`, talking to the harness's fake or real peer. */
  create(sink: InboundSink): Promise<Channel>;
  /** Make the peer deliver one and the same inbound message `times` times (webhook retry, re-poll); resolves once the sink saw them all. */
  deliverInbound(channel: Channel, times: number): Promise<void>;
  /** Make the customer answer `sent` with `text` the way the provider carries a reply (quote, In-Reply-To, or just the same sender). */
  deliverReply(channel: Channel, sent: SentMessage, text: string): Promise<void>;
  /**
   * Which threading hint a reply carries that names the message it answers (compared with the id `send` returned);
   * null when the protocol has none and the reply threads by its sender into the contact's open conversation.
   */
  replyReference: 'inReplyTo' | 'quotedExternalId' | null;
  /** The inbound webhook with a forged signature or secret; null for channels with no webhook (they pull). */
  forgedWebhook: (() => WebhookRequest) | null;
  /** Make the provider report `status` for `sent`; null (with why) when the protocol has no delivery receipts. */
  deliverStatus: ((channel: Channel, sent: SentMessage, status: 'sent' | 'delivered' | 'failed') => Promise<void>) | { none: string };
  expected: { identity: Pick<Identity, 'kind' | 'value'>; text: string };
  recipient: Identity;
  /** What the peer received from `send`, oldest first: recipient address and text. */
  sent(): Promise<Array<{ to: string; text: string }>>;
  /** Make the next send fail the way this provider fails for that class of error. */
  failNextSend(kind: 'temporary' | 'permanent'): void;
  close(): Promise<void>;
}

/** The status a stored outbound message ends at when `updates` arrive in order, by the server's one forward-only rule. */
function applied(start: 'sent', updates: DeliveryUpdate[]) {
  return updates.reduce<string>((status, u) => (statusesThatMayBecome(u.status).includes(status as never) ? u.status : status), start);
}

export function runChannelContract(name: string, makeHarness: () => Promise<ContractHarness>) {
  describe(`${name} channel contract`, () => {
    let harness: ContractHarness;
    let sink: MemorySink;
    let channel: Channel;
    let first: InboundMessage;

    beforeAll(async () => {
      harness = await makeHarness();
      sink = new MemorySink();
      channel = await harness.create(sink);
    });
    afterAll(async () => {
      await channel?.stop?.();
      await harness?.close();
    });

    const send = async (text: string): Promise<SentMessage> => {
      const id = crypto.randomUUID();
      const outbound: OutboundMessage = { id, to: harness.recipient, text, threading: { messageId: `<${id}@contract.ulak.test>` } };
      return { outbound, result: await channel.send(outbound) };
    };

    it('normalizes an inbound message into the sender identity, text and time', async () => {
      await harness.deliverInbound(channel, 1);
      expect(sink.calls).toHaveLength(1);
      expect(sink.messages).toHaveLength(1);
      first = sink.messages[0]!;
      expect(first.from.identities[0]).toMatchObject(harness.expected.identity);
      expect(first.text).toBe(harness.expected.text);
      expect(first.sentAt).toBeInstanceOf(Date);
      expect(Number.isNaN(first.sentAt.getTime())).toBe(false);
      expect(first.idempotencyKey).toMatch(/\S/);
    });

    it('gives a redelivered message the same idempotency key, so it is stored once', async () => {
      const callsBefore = sink.calls.length;
      await harness.deliverInbound(channel, 3);
      const calls = sink.calls.slice(callsBefore);
      // Every delivery reaches the sink (a suite that passes when nothing is delivered proves nothing), always under one key…
      expect(calls).toHaveLength(3);
      expect(new Set(calls.map((m) => m.idempotencyKey)).size).toBe(1);
      // …and that key is stored exactly once, however often it came: one stored message per key ever received.
      expect(sink.messages.filter((m) => m.idempotencyKey === calls[0]!.idempotencyKey)).toHaveLength(1);
      expect(sink.messages).toHaveLength(new Set(sink.calls.map((m) => m.idempotencyKey)).size);
    });

    it('sends a reply to the recipient and returns the provider id', async () => {
      const before = (await harness.sent()).length;
      const { result } = await send('Merhaba, how can we help?');
      expect(result.externalId).toMatch(/\S/);
      const sent = await harness.sent();
      expect(sent).toHaveLength(before + 1);
      expect(sent.at(-1)!.text).toBe('Merhaba, how can we help?');
      expect(sent.at(-1)!.to).toContain(harness.recipient.value.replace(/^\+/, ''));
    });

    it('threads a customer reply to the message it answers: same sender, and the provider reference when there is one', async () => {
      const sent = await send('Kargonuz yolda.');
      const before = sink.messages.length;
      await harness.deliverReply(channel, sent, 'Teşekkürler!');
      expect(sink.messages).toHaveLength(before + 1);
      const reply = sink.messages.at(-1)!;
      expect(reply.text).toBe('Teşekkürler!');
      expect(reply.idempotencyKey).not.toBe(first.idempotencyKey);
      // The same primary identity resolves to the same contact, and so to the contact's open conversation.
      expect(reply.from.identities[0]).toEqual(first.from.identities[0]);
      if (harness.replyReference) expect(reply.threading?.[harness.replyReference]).toBe(sent.result.externalId);
      else expect([reply.threading?.inReplyTo, reply.threading?.quotedExternalId]).toEqual([undefined, undefined]);
    });

    it('refuses an inbound webhook with a forged signature and hands nothing to the sink', async () => {
      if (!harness.forgedWebhook) {
        // A pulling channel has no webhook anyone could forge.
        expect(channel.handleWebhook).toBeUndefined();
        return;
      }
      const calls = sink.calls.length;
      const updates = sink.updates.length;
      const response = await channel.handleWebhook!(harness.forgedWebhook());
      expect([401, 403]).toContain(response.status);
      expect(JSON.parse(response.body!).error.code).toMatch(/^invalid_/);
      expect(sink.calls).toHaveLength(calls);
      expect(sink.updates).toHaveLength(updates);
    });

    it('forwards delivery receipts that the server applies forward-only: nothing moves "delivered" back, and "failed" is final', async (context) => {
      const report = harness.deliverStatus;
      if ('none' in report) return context.skip(report.none);
      const delivered = await send('Siparişiniz teslim edildi.');
      await report(channel, delivered, 'delivered');
      await report(channel, delivered, 'sent');
      await report(channel, delivered, 'failed');
      const ofDelivered = sink.updates.filter((u) => u.externalId === delivered.result.externalId);
      expect(ofDelivered.map((u) => u.status)).toEqual(['delivered', 'sent', 'failed']);
      expect(applied('sent', ofDelivered)).toBe('delivered');

      const failed = await send('Bu mesaj ulaşmayacak.');
      await report(channel, failed, 'failed');
      await report(channel, failed, 'delivered');
      const ofFailed = sink.updates.filter((u) => u.externalId === failed.result.externalId);
      expect(ofFailed.map((u) => u.status)).toEqual(['failed', 'delivered']);
      expect(ofFailed[0]!.error?.code).toMatch(/^[A-Z_]+$/);
      expect(applied('sent', ofFailed)).toBe('failed');
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
