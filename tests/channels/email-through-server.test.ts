// Email end to end through the server, against Dovecot and an SMTP peer: a reply goes out threaded, and the
// customer's next mail (Outlook-style, References only) threads back; an auto-reply reopens nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasDovecot, startDovecot, type DovecotServer } from '../../connectors/email/testing/dovecot.ts';
import { startSmtpPeer, type SmtpPeer } from '../../connectors/email/testing/smtp-peer.ts';
import { openAppender } from '../../connectors/email/testing/imap-appender.ts';
import { simpleMail } from '../../connectors/email/testing/mail-fixtures.ts';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';
import { eventually } from '../support/api-channel.ts';

describe.runIf(hasDovecot())('email through the server', () => {
  let imap: DovecotServer;
  let smtp: SmtpPeer;
  let appender: Awaited<ReturnType<typeof openAppender>>;
  let t: TestApp;
  let admin: Client;

  beforeAll(async () => {
    imap = await startDovecot();
    smtp = await startSmtpPeer();
    appender = await openAppender(imap);
    t = await createTestApp({ workers: true });
    admin = await Client.admin(t.app);
    await admin.ok('POST', '/api/channels', {
      kind: 'email',
      name: 'Support',
      config: {
        imap: { host: imap.host, port: imap.port, secure: false, allowInsecure: true, user: imap.user, password: imap.password, pollIntervalMs: 500 },
        smtp: { host: smtp.host, port: smtp.port, secure: false, allowInsecure: true },
        fromAddress: 'support@shop.example',
      },
    });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await appender?.close();
    await smtp?.close();
    await imap?.stop();
  });

  const messagesOf = async (id: string) => (await admin.ok('GET', `/api/conversations/${id}/messages`)).items;

  it('threads the agent reply and the customer answer into one conversation', async () => {
    await appender.append(simpleMail('first@customer.example', 'Siparişim nerede?'));
    const conv = await eventually(async () => (await admin.ok('GET', '/api/conversations')).items[0]);
    expect(conv.subject).toBe('Order first@customer.example');

    await admin.ok('POST', `/api/conversations/${conv.id}/messages`, { text: 'Kargoya verildi.' });
    const [mail] = await smtp.waitFor(1, 20_000);
    expect(mail!.envelope.to).toEqual(['ayse@customer.example']);
    expect(mail!.parsed.inReplyTo).toBe('<first@customer.example>');
    expect(mail!.parsed.subject).toBe('Re: Order first@customer.example');
    const ourId = mail!.parsed.messageId!;

    // Outlook-style: only References, no In-Reply-To, and a changed subject.
    await appender.append(simpleMail('second@customer.example', 'Teşekkürler!', `References: <first@customer.example> ${ourId}`).replace(/Subject: .*/, 'Subject: AW: Bestellung'));
    await eventually(async () => (await messagesOf(conv.id)).length === 3, 20_000);
    expect((await messagesOf(conv.id)).map((m: any) => m.text.trim())).toEqual(['Siparişim nerede?', 'Kargoya verildi.', 'Teşekkürler!']);
    expect((await admin.ok('GET', '/api/conversations')).items).toHaveLength(1);
  }, 60_000);

  it('stores an auto-reply without reopening a resolved conversation', async () => {
    const [conv] = (await admin.ok('GET', '/api/conversations')).items;
    await admin.ok('PATCH', `/api/conversations/${conv.id}`, { status: 'resolved' });
    await appender.append(simpleMail('ooo@customer.example', 'I am out of office', 'Auto-Submitted: auto-replied\r\nIn-Reply-To: <second@customer.example>'));
    await eventually(async () => (await messagesOf(conv.id)).some((m: any) => m.autoReply), 20_000);
    expect((await admin.ok('GET', `/api/conversations/${conv.id}`)).status).toBe('resolved');
    const channel = (await admin.ok('GET', '/api/channels')).items[0];
    expect(channel.health.state).toBe('connected');
    expect(JSON.stringify(channel)).not.toContain(imap.password);
  }, 60_000);

  it('sends the files the agent attached to the SMTP peer', async () => {
    const [conv] = (await admin.ok('GET', '/api/conversations')).items;
    const pdf = new TextEncoder().encode('%PDF-1.4 iade formu');
    const file = (await admin.upload('İade formu.pdf', pdf)).body;
    const before = smtp.received.length;
    await admin.ok('POST', `/api/conversations/${conv.id}/messages`, { text: 'İade formu ekte.', attachmentIds: [file.id] });
    const mail = (await smtp.waitFor(before + 1, 20_000)).at(-1)!;
    expect(mail.parsed.text?.trim()).toBe('İade formu ekte.');
    expect(mail.parsed.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: new Uint8Array(a.content) }))).toEqual([
      { filename: 'İade formu.pdf', contentType: 'application/pdf', content: pdf },
    ]);
  }, 60_000);

  it('imports mail whose From names no deliverable address, shows who it named, and sends no reply to it', async () => {
    await appender.append(simpleMail('cron@x', 'Yedekleme başarısız.').replace(/^From: .*\r\n/, 'From: Cron Daemon <root@localhost>\r\n'));
    const conv = await eventually(async () => (await admin.ok('GET', '/api/conversations')).items.find((c: any) => c.subject === 'Order cron@x'), 20_000);
    const [mail] = await messagesOf(conv.id);
    expect(mail).toMatchObject({ text: 'Yedekleme başarısız.', sender: { type: 'contact', name: 'Cron Daemon <root@localhost>' } });

    const sentBefore = smtp.received.length;
    const reply = await admin.ok('POST', `/api/conversations/${conv.id}/messages`, { text: 'Kimsiniz?' });
    const failed = await eventually(async () => (await messagesOf(conv.id)).find((m: any) => m.id === reply.id && m.status === 'failed'), 20_000);
    expect(failed.error).toEqual({ code: 'INVALID_RECIPIENT', message: expect.stringContaining('without a usable From address') });
    // The placeholder is now known undeliverable: the next reply is refused at once, in words.
    const again = await admin.call('POST', `/api/conversations/${conv.id}/messages`, { text: 'Merhaba?' });
    expect(again).toMatchObject({ status: 422, body: { error: { code: 'recipient_undeliverable' } } });
    expect(smtp.received.length).toBe(sentBefore);
  }, 60_000);

  it('records STOP written above the quoted mail it answers as an email opt-out, as a mail client sends it', async () => {
    const reply = ['STOP', '', 'On Mon, 2 Nov 2026 at 09:00, Shop <support@shop.example> wrote:', '> Hello Deniz, the winter sale is on.', '> Unsubscribe: https://shop.example/u/x'].join('\r\n');
    await appender.append(simpleMail('stop@customer.example', reply).replace(/^From: .*\r\n/, 'From: Deniz <deniz@customer.example>\r\n'));
    const contact = await eventually(async () => (await admin.ok('GET', '/api/contacts?q=deniz@customer.example')).items[0], 20_000);
    const consents = await eventually(async () => {
      const profile = await admin.ok('GET', `/api/contacts/${contact.id}`);
      return profile.consents.length > 0 && profile.consents;
    }, 20_000);
    expect(consents).toEqual([{ channel: 'email', status: 'opted_out', source: 'keyword:email', at: expect.any(String) }]);
  }, 60_000);
});
