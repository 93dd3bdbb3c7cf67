import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelError } from '../channel.ts';
import { MemorySink, MemoryState } from '../testing/memory-sink.ts';
import { createEmailChannel } from './email-channel.ts';
import type { EmailConfig } from './config.ts';
import { emailTestConfig, emailTestContext } from './testing/email-test-context.ts';
import { startSmtpPeer, type SmtpPeer, type SmtpPeerOptions } from './testing/smtp-peer.ts';
import { createTlsMaterial, type TlsMaterial } from './testing/tls-material.ts';

const noImap = { host: '127.0.0.1', port: 9, user: 'support@shop.example', password: 'unused' };
const customer = { kind: 'email' as const, value: 'ayse@customer.example' };

describe('SMTP over TLS with a private CA', () => {
  let tls: TlsMaterial;
  const peers: SmtpPeer[] = [];

  beforeAll(async () => {
    tls = await createTlsMaterial();
  });
  afterAll(async () => {
    await Promise.all(peers.map((p) => p.close()));
    await tls?.dispose();
  });

  async function peer(options: Omit<SmtpPeerOptions, 'tls'> & { secure: boolean }) {
    const started = await startSmtpPeer({ ...options, tls: { cert: tls.cert, key: tls.key, secure: options.secure } });
    peers.push(started);
    return started;
  }

  /** No `allowInsecure`: the transport must reach TLS or fail. */
  async function send(smtp: SmtpPeer, settings: Partial<EmailConfig['smtp']>, id: string) {
    const config = emailTestConfig(noImap, smtp);
    config.smtp = { ...config.smtp, allowInsecure: false, ...settings };
    const channel = createEmailChannel(emailTestContext(config, new MemorySink(), new MemoryState()).ctx);
    try {
      return await channel.send({ id, to: customer, subject: 'Kargo', text: `reply ${id}` });
    } finally {
      await channel.stop!();
    }
  }

  it('delivers a reply over implicit TLS, trusting the configured CA', async () => {
    const smtp = await peer({ secure: true });
    await expect(send(smtp, { secure: true, caCertificate: tls.ca }, 'implicit')).resolves.toMatchObject({ status: 'sent' });
    const [mail] = await smtp.waitFor(1);
    expect(mail.secure).toBe(true);
    expect(mail.parsed.text?.trim()).toBe('reply implicit');
  });

  it('delivers a reply over STARTTLS, logging in only once the session is encrypted', async () => {
    // The peer offers AUTH only after STARTTLS, so a successful login is itself proof of the upgrade.
    const smtp = await peer({ secure: false, user: 'relay', password: 'relay-pass' });
    const settings = { secure: false, user: 'relay', password: 'relay-pass', caCertificate: tls.ca };
    await expect(send(smtp, settings, 'starttls')).resolves.toMatchObject({ status: 'sent' });
    const [mail] = await smtp.waitFor(1);
    expect(mail.secure).toBe(true);
    expect(mail.parsed.text?.trim()).toBe('reply starttls');
  });

  it('fails a send without the CA as a CONFIG error that says the certificate is not trusted', async () => {
    for (const secure of [true, false]) {
      const smtp = await peer({ secure });
      const error = await send(smtp, { secure }, `untrusted-${secure}`).catch((e) => e);
      expect(error).toBeInstanceOf(ChannelError);
      expect(error).toMatchObject({ code: 'CONFIG', retryable: false });
      expect(error.message).toMatch(/^the server's TLS certificate is not trusted \(.+\); if the server uses a private CA/);
      expect(smtp.received).toHaveLength(0);
    }
  });

  it('fails a send to a server whose certificate is for another name as a CONFIG error', async () => {
    const elsewhere = await createTlsMaterial('DNS:mail.other.example');
    const smtp = await startSmtpPeer({ tls: { cert: elsewhere.cert, key: elsewhere.key, secure: true } });
    peers.push(smtp);
    const error = await send(smtp, { secure: true, caCertificate: elsewhere.ca }, 'wrong-name').catch((e) => e);
    await elsewhere.dispose();
    expect(error).toMatchObject({ code: 'CONFIG', message: expect.stringMatching(/not for this host name/) });
  });
});
