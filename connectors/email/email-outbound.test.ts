import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelError } from '../channel.ts';
import { MemorySink, MemoryState } from '../testing/memory-sink.ts';
import { createEmailChannel } from './email-channel.ts';
import { hasDovecot, startDovecot, type DovecotServer } from './testing/dovecot.ts';
import { emailTestConfig, emailTestContext } from './testing/email-test-context.ts';
import { startSmtpPeer, type SmtpPeer } from './testing/smtp-peer.ts';

const customer = { kind: 'email' as const, value: 'ayse@customer.example', name: 'Ayşe Yılmaz' };

describe.skipIf(!hasDovecot())('email outbound through smtp-server', () => {
  let dovecot: DovecotServer;
  let smtp: SmtpPeer;

  beforeAll(async () => {
    [dovecot, smtp] = await Promise.all([startDovecot(), startSmtpPeer()]);
  });
  afterAll(async () => {
    await smtp?.close();
    await dovecot?.stop();
  });

  const channelWith = (extra = {}) => createEmailChannel(emailTestContext(emailTestConfig(dovecot, smtp, extra), new MemorySink(), new MemoryState()).ctx);

  it('sends an agent reply with our Message-ID, In-Reply-To, References and one "Re:" prefix', async () => {
    const channel = channelWith();
    const result = await channel.send({
      id: 'msg-1',
      to: customer,
      subject: 'Re: Siparişim',
      text: 'Kargoya verildi.',
      html: '<p>Kargoya verildi.</p>',
      threading: { messageId: '<reply-1@shop.example>', inReplyTo: '<c2@customer.example>', references: ['<c1@customer.example>'] },
      attachments: [{ filename: 'fatura.txt', contentType: 'text/plain', content: new TextEncoder().encode('fatura') }],
    });
    await channel.stop!();
    expect(result).toEqual({ externalId: '<reply-1@shop.example>', status: 'sent' });
    const [mail] = (await smtp.waitFor(1)).slice(-1);
    expect(mail.envelope).toEqual({ from: 'support@shop.example', to: ['ayse@customer.example'] });
    expect(mail.parsed.messageId).toBe('<reply-1@shop.example>');
    expect(mail.parsed.inReplyTo).toBe('<c2@customer.example>');
    expect(mail.parsed.references).toEqual(['<c1@customer.example>', '<c2@customer.example>']);
    expect(mail.parsed.subject).toBe('Re: Siparişim');
    expect(mail.parsed.text?.trim()).toBe('Kargoya verildi.');
    expect(mail.parsed.html).toContain('<p>Kargoya verildi.</p>');
    expect(mail.parsed.from?.value[0]).toMatchObject({ address: 'support@shop.example', name: 'Shop Support' });
    expect(mail.parsed.attachments.map((a) => a.filename)).toEqual(['fatura.txt']);
  });

  it('makes a Message-ID from our id when none was fixed, so a retry keeps it', async () => {
    const channel = channelWith();
    const message = { id: 'msg-retry', to: customer, subject: 'Hello', text: 'first try' };
    const first = await channel.send(message);
    const second = await channel.send(message);
    await channel.stop!();
    expect(first.externalId).toBe('<msg-retry@shop.example>');
    expect(second.externalId).toBe(first.externalId);
    expect(smtp.received.at(-1)!.parsed.subject).toBe('Hello');
  });

  it('maps a 451 at RCPT to a retryable error and a 550 to INVALID_RECIPIENT', async () => {
    const channel = channelWith();
    smtp.failNextRcpt(451);
    const temporary = await channel.send({ id: 'm-451', to: customer, text: 'x' }).catch((e) => e);
    smtp.failNextRcpt(550);
    const permanent = await channel.send({ id: 'm-550', to: customer, text: 'x' }).catch((e) => e);
    await channel.stop!();
    expect(temporary).toBeInstanceOf(ChannelError);
    expect(temporary).toMatchObject({ code: 'TEMPORARY', retryable: true });
    expect(permanent).toMatchObject({ code: 'INVALID_RECIPIENT', retryable: false });
  });

  it('logs in to SMTP when credentials are set, and maps refused credentials to AUTH', async () => {
    const authed = await startSmtpPeer({ user: 'relay', password: 'relay-pass' });
    const channelFor = (password: string) => {
      const config = emailTestConfig(dovecot, authed);
      config.smtp.user = 'relay';
      config.smtp.password = password;
      return createEmailChannel(emailTestContext(config, new MemorySink(), new MemoryState()).ctx);
    };
    const good = channelFor('relay-pass');
    await expect(good.send({ id: 'm-auth', to: customer, text: 'authenticated' })).resolves.toMatchObject({ status: 'sent' });
    await good.stop!();
    const bad = channelFor('wrong');
    const error = await bad.send({ id: 'm-noauth', to: customer, text: 'x' }).catch((e) => e);
    await bad.stop!();
    await authed.close();
    expect(authed.received.map((m) => m.parsed.text?.trim())).toEqual(['authenticated']);
    expect(error).toMatchObject({ code: 'AUTH', retryable: false });
  });

  it('appends the sent MIME to the Sent mailbox when configured', async () => {
    const admin = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, doSTARTTLS: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false });
    await admin.connect();
    await admin.mailboxCreate('Sent');
    const channel = channelWith({ sentMailbox: 'Sent' });
    await channel.send({ id: 'msg-sent', to: customer, subject: 'Copy me', text: 'kept in Sent' });
    await channel.stop!();
    await admin.mailboxOpen('Sent');
    const sources: Buffer[] = [];
    for await (const m of admin.fetch('1:*', { source: true })) sources.push(m.source!);
    await admin.logout();
    expect(sources).toHaveLength(1);
    const copy = await simpleParser(sources[0]);
    expect(copy.messageId).toBe('<msg-sent@shop.example>');
    expect(copy.text?.trim()).toBe('kept in Sent');
  });

  it('still reports the send when the Sent mailbox append fails', async () => {
    const channel = channelWith({ sentMailbox: 'Does-Not-Exist' });
    await expect(channel.send({ id: 'msg-nosent', to: customer, text: 'x' })).resolves.toMatchObject({ status: 'sent' });
    await channel.stop!();
  });

  it('refuses a plain-text session when the server offers no STARTTLS and allowInsecure is off', async () => {
    const config = emailTestConfig(dovecot, smtp);
    config.imap.allowInsecure = false;
    config.smtp.allowInsecure = false;
    const report = await createEmailChannel(emailTestContext(config, new MemorySink(), new MemoryState()).ctx).test!();
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.name === 'imap-login')?.message).toMatch(/STARTTLS/);
    expect(report.checks.find((c) => c.name === 'smtp')?.message).toMatch(/STARTTLS/);
  });

  it('reports IMAP login, IMAP mailbox and SMTP separately in its self-test', async () => {
    expect(await channelWith().test!()).toEqual({
      ok: true,
      checks: [
        { name: 'imap-login', ok: true },
        { name: 'imap-mailbox', ok: true },
        { name: 'smtp', ok: true },
      ],
    });
    const config = emailTestConfig(dovecot, { host: '127.0.0.1', port: 9 });
    config.imap.mailbox = 'Nope';
    const both = await createEmailChannel(emailTestContext(config, new MemorySink(), new MemoryState()).ctx).test!();
    expect(both.checks.map((c) => [c.name, c.ok])).toEqual([
      ['imap-login', true],
      ['imap-mailbox', false],
      ['smtp', false],
    ]);
    expect(both.checks[1].message).toContain('Nope');
    // Last: Dovecot slows every later login from this address after a failed one.
    const badPassword = createEmailChannel(emailTestContext(emailTestConfig({ ...dovecot, password: 'wrong' }, smtp), new MemorySink(), new MemoryState()).ctx);
    const report = await badPassword.test!();
    expect(report.ok).toBe(false);
    expect(report.checks.map((c) => [c.name, c.ok])).toEqual([
      ['imap-login', false],
      ['imap-mailbox', false],
      ['smtp', true],
    ]);
  });
});
