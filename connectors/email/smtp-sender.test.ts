import { afterEach, describe, expect, it } from 'vitest';
import { emailTestConfig } from './testing/email-test-context.ts';
import { startSmtpPeer, type SmtpPeer } from './testing/smtp-peer.ts';
import { SmtpSender } from './smtp-sender.ts';

const quiet = () => undefined;
const mailbox = { host: '127.0.0.1', port: 1, user: 'x', password: 'x' };

describe('SMTP sending lanes', () => {
  let peer: SmtpPeer | undefined;
  let sender: SmtpSender | undefined;
  afterEach(async () => {
    sender?.close();
    await peer?.close();
  });

  it("sends an agent's reply while a campaign's mail fills every marketing connection", async () => {
    peer = await startSmtpPeer();
    sender = new SmtpSender(emailTestConfig(mailbox, peer), { log: { info: quiet, warn: quiet, error: quiet }, now: () => new Date() });
    // The relay sits on every campaign mail: all marketing connections are busy and more mail waits behind them.
    const release = peer.hold((to) => to.endsWith('@list.example'));
    const campaign = Array.from({ length: 12 }, (_, i) =>
      sender!.send({ id: `campaign-${i}`, to: { kind: 'email', value: `c${i}@list.example` }, subject: 'June offers', text: '20% off', purpose: 'marketing' }),
    );
    try {
      const reply = await sender.send({ id: 'reply-1', to: { kind: 'email', value: 'ayse@customer.example' }, subject: 'Re: Siparişim', text: 'Kargoya verildi.' });
      expect(reply.status).toBe('sent');
      expect(peer.received.map((m) => m.envelope.to)).toEqual([['ayse@customer.example']]);
    } finally {
      release();
    }
    await Promise.all(campaign);
    expect(peer.received).toHaveLength(13);
  });
});
