import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryState } from '../testing/memory-sink.ts';
import { createEmailChannel } from './email-channel.ts';
import type { EmailConfig } from './config.ts';
import { hasDovecot, startDovecot, type DovecotServer } from './testing/dovecot.ts';
import { CommittingSink, emailTestConfig, emailTestContext } from './testing/email-test-context.ts';
import { eventually } from './testing/eventually.ts';
import { openAppender } from './testing/imap-appender.ts';
import { simpleMail } from './testing/mail-fixtures.ts';
import { startSmtpPeer, type SmtpPeer } from './testing/smtp-peer.ts';
import { createTlsMaterial, type TlsMaterial } from './testing/tls-material.ts';

const noSmtp = { host: '127.0.0.1', port: 9 };
const timings = { backoff: { minMs: 50, maxMs: 400 } };

describe.skipIf(!hasDovecot())('IMAP over TLS against Dovecot with a private CA', () => {
  let tls: TlsMaterial;
  let dovecot: DovecotServer;

  beforeAll(async () => {
    tls = await createTlsMaterial();
    dovecot = await startDovecot({ tls: { certFile: tls.certFile, keyFile: tls.keyFile } });
  });
  afterAll(async () => {
    await dovecot?.stop();
    await tls?.dispose();
  });

  /** No `allowInsecure`: the connector must reach TLS or fail. */
  const tlsConfig = (imap: Partial<EmailConfig['imap']>, smtp: Pick<SmtpPeer, 'host' | 'port'> = noSmtp) => emailTestConfig(dovecot, smtp, {}, { allowInsecure: false, ...imap });

  async function receiveOne(config: EmailConfig, messageId: string) {
    const appender = await openAppender(dovecot, tls.ca);
    await appender.append(simpleMail(messageId, `sent to ${messageId}`));
    await appender.close();
    const state = new MemoryState();
    const sink = new CommittingSink(state);
    const channel = createEmailChannel(emailTestContext(config, sink, state).ctx, timings);
    await channel.start!();
    await sink.until((s) => s.messages.some((m) => m.idempotencyKey === `<${messageId}>`));
    await channel.stop!();
    return sink.messages.find((m) => m.idempotencyKey === `<${messageId}>`)!;
  }

  it('receives mail over implicit TLS on the imaps port, trusting the configured CA', async () => {
    const config = tlsConfig({ port: dovecot.tlsPort, secure: true, caCertificate: tls.ca });
    const message = await receiveOne(config, 'implicit-tls@customer.example');
    expect(message.text).toBe('sent to implicit-tls@customer.example');
  });

  it('refuses a login before TLS, so receiving over STARTTLS proves the upgrade', async () => {
    const plain = new ImapFlow({
      host: dovecot.host,
      port: dovecot.port,
      secure: false,
      doSTARTTLS: false,
      auth: { user: dovecot.user, pass: dovecot.password },
      logger: false,
    });
    plain.on('error', () => undefined);
    await expect(plain.connect()).rejects.toMatchObject({ authenticationFailed: true, message: 'Login is disabled' });
    plain.close();

    const config = tlsConfig({ port: dovecot.port, secure: false, caCertificate: tls.ca });
    const message = await receiveOne(config, 'starttls@customer.example');
    expect(message.text).toBe('sent to starttls@customer.example');
  });

  it('tells the operator the certificate is not trusted when the CA is missing', async () => {
    for (const imap of [
      { port: dovecot.tlsPort, secure: true },
      { port: dovecot.port, secure: false },
    ]) {
      const state = new MemoryState();
      const { ctx, health } = emailTestContext(tlsConfig(imap), new CommittingSink(state), state);
      const channel = createEmailChannel(ctx, timings);
      await channel.start!();
      await eventually(() => health.some((h) => h.state === 'disconnected'));
      await channel.stop!();
      expect(health.some((h) => h.state === 'connected')).toBe(false);
      expect(health.find((h) => h.state === 'disconnected')?.lastError).toMatch(/^the server's TLS certificate is not trusted \(.+\); if the server uses a private CA/);
    }
  });

  it('names the untrusted certificate for IMAP and SMTP separately in its self-test', async () => {
    const smtp = await startSmtpPeer({ tls: { cert: tls.cert, key: tls.key, secure: true } });
    try {
      const test = (config: EmailConfig) => createEmailChannel(emailTestContext(config, new CommittingSink(new MemoryState()), new MemoryState()).ctx).test!();
      const withoutCa = tlsConfig({ port: dovecot.tlsPort, secure: true }, smtp);
      withoutCa.smtp = { ...withoutCa.smtp, secure: true, allowInsecure: false };
      const failed = await test(withoutCa);
      expect(failed.ok).toBe(false);
      expect(failed.checks.map((c) => [c.name, c.ok])).toEqual([
        ['imap-login', false],
        ['imap-mailbox', false],
        ['smtp', false],
      ]);
      expect(failed.checks[0].message).toMatch(new RegExp(`^${dovecot.host}:${dovecot.tlsPort}: the server's TLS certificate is not trusted`));
      expect(failed.checks[2].message).toMatch(new RegExp(`^${smtp.host}:${smtp.port}: the server's TLS certificate is not trusted`));

      const withCa = tlsConfig({ port: dovecot.tlsPort, secure: true, caCertificate: tls.ca }, smtp);
      withCa.smtp = { ...withCa.smtp, secure: true, allowInsecure: false, caCertificate: tls.ca };
      expect(await test(withCa)).toMatchObject({ ok: true });
    } finally {
      await smtp.close();
    }
  });

  it('checks the certificate names the IP it connects to, and says so when it does not', async () => {
    const elsewhere = await createTlsMaterial('DNS:mail.other.example');
    const other = await startDovecot({ tls: { certFile: elsewhere.certFile, keyFile: elsewhere.keyFile } });
    try {
      const config = emailTestConfig(other, noSmtp, {}, { port: other.tlsPort, secure: true, allowInsecure: false, caCertificate: elsewhere.ca });
      const report = await createEmailChannel(emailTestContext(config, new CommittingSink(new MemoryState()), new MemoryState()).ctx).test!();
      expect(report.checks[0]).toMatchObject({ name: 'imap-login', ok: false });
      expect(report.checks[0].message).toMatch(/the server's TLS certificate is not for this host name/);
    } finally {
      await other.stop();
      await elsewhere.dispose();
    }
  });
});
