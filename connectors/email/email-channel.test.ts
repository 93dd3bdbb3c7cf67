import { describe, it } from 'vitest';
import { runChannelContract } from '../channel.case.test.ts';
import type { Channel, InboundSink } from '../channel.ts';
import { MemorySink, MemoryState } from '../testing/memory-sink.ts';
import { createEmailChannel } from './email-channel.ts';
import { hasDovecot, startDovecot } from './testing/dovecot.ts';
import { emailTestConfig, emailTestContext } from './testing/email-test-context.ts';
import { eventually } from './testing/eventually.ts';
import { openAppender } from './testing/imap-appender.ts';
import { simpleMail } from './testing/mail-fixtures.ts';
import { startSmtpPeer } from './testing/smtp-peer.ts';

if (hasDovecot()) {
  runChannelContract('email', async () => {
    const [dovecot, smtp] = await Promise.all([startDovecot(), startSmtpPeer()]);
    const appender = await openAppender(dovecot);
    let sink: MemorySink;
    let delivered = 0;
    return {
      async create(inbound: InboundSink): Promise<Channel> {
        sink = inbound as MemorySink;
        const channel = createEmailChannel(emailTestContext(emailTestConfig(dovecot, smtp), sink, new MemoryState()).ctx);
        await channel.start!();
        return channel;
      },
      // Redelivery is the same Message-ID appended again, as a resent or re-filtered mail would be.
      async deliverInbound(_channel, times) {
        const messageId = `contract-${++delivered}@customer.example`;
        for (let i = 0; i < times; i++) await appender.append(simpleMail(messageId, 'Merhaba, siparişim nerede?'));
        await eventually(() => sink.calls.filter((m) => m.idempotencyKey === `<${messageId}>`).length >= times);
      },
      async deliverReply(_channel, sent, text) {
        const messageId = `contract-reply-${++delivered}@customer.example`;
        await appender.append(simpleMail(messageId, text, `In-Reply-To: ${sent.result.externalId}\r\nReferences: ${sent.result.externalId}`));
        await eventually(() => sink.calls.some((m) => m.idempotencyKey === `<${messageId}>`));
      },
      replyReference: 'inReplyTo',
      forgedWebhook: null,
      deliverStatus: { none: 'SMTP has no per-message receipts; a bounce arrives as an inbound report that marks the address undeliverable' },
      expected: { identity: { kind: 'email', value: 'ayse@customer.example' }, text: 'Merhaba, siparişim nerede?' },
      recipient: { kind: 'email', value: 'ayse@customer.example' },
      async sent() {
        return smtp.received.map((m) => ({ to: m.envelope.to.join(', '), text: (m.parsed.text ?? '').trim() }));
      },
      failNextSend(kind) {
        smtp.failNextRcpt(kind === 'temporary' ? 451 : 550);
      },
      async close() {
        await appender.close();
        await smtp.close();
        await dovecot.stop();
      },
    };
  });
} else {
  describe('email channel contract', () => it.skip('needs Dovecot', () => undefined));
}
