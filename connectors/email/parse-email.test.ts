import { describe, expect, it } from 'vitest';
import { normalizeIdentities } from '../../server/lib/normalize-identity.ts';
import { parseEmail, UNKNOWN_SENDER } from './parse-email.ts';
import { bounceReport, composeMail, malformedMail, simpleMail, turkish8bitMail, TURKISH_TEXT } from './testing/mail-fixtures.ts';

const options = { fromAddress: 'support@shop.example', maxAttachmentBytes: 25 * 1024 * 1024, now: () => new Date('2026-11-22T00:00:00Z') };

describe('parseEmail', () => {
  it('normalizes sender, text, html, subject, date and Message-ID', async () => {
    const raw = await composeMail({
      from: '"Ayşe Yılmaz" <Ayse@Customer.Example>',
      to: 'support@shop.example',
      subject: 'Siparişim',
      messageId: '<a1@customer.example>',
      text: 'Merhaba, siparişim nerede?',
      html: '<p>Merhaba, <b>siparişim</b> nerede?</p>',
    });
    const message = await parseEmail(raw, options);
    expect(message.from).toEqual({ identities: [{ kind: 'email', value: 'ayse@customer.example' }], name: 'Ayşe Yılmaz' });
    expect(message.text.trim()).toBe('Merhaba, siparişim nerede?');
    expect(message.html).toContain('<b>siparişim</b>');
    expect(message.subject).toBe('Siparişim');
    expect(message.sentAt.toISOString()).toBe('2026-11-02T10:00:00.000Z');
    expect(message.idempotencyKey).toBe('<a1@customer.example>');
    expect(message.threading?.messageId).toBe('<a1@customer.example>');
    expect(message.raw).toBe(raw.toString('utf8'));
  });

  it.each([
    ['no From header', undefined, undefined],
    ['a local host address', 'From: Cron Daemon <root@localhost>', 'Cron Daemon <root@localhost>'],
    ['a bare name', 'From: MAILER-DAEMON', 'MAILER-DAEMON'],
    ['an empty address', 'From: "Ayşe" <>', 'Ayşe'],
  ])('takes mail with %s from the placeholder sender the ingest accepts, keeping what the From said', async (_, fromLine, written) => {
    const raw = simpleMail('nf@x', 'who wrote this?').replace(/^From: .*\r\n/, fromLine ? `${fromLine}\r\n` : '');
    const message = await parseEmail(raw, options);
    expect(message.from).toEqual({ identities: [{ kind: 'email', value: UNKNOWN_SENDER }] });
    expect(normalizeIdentities(message.from.identities, 'TR')).toEqual([{ kind: 'email', value: UNKNOWN_SENDER }]);
    expect(message.metadata?.fromAsWritten).toBe(written);
    expect(message.text).toBe('who wrote this?');
  });

  it('takes the Sender when the From gives no usable address', async () => {
    const raw = simpleMail('s1@x', 'x').replace(/^From: .*\r\n/, 'From: root@localhost\r\nSender: "Ops" <ops@shop.example>\r\n');
    const message = await parseEmail(raw, options);
    expect(message.from).toEqual({ identities: [{ kind: 'email', value: 'ops@shop.example' }], name: 'Ops' });
    expect(message.metadata?.fromAsWritten).toBeUndefined();
  });

  it('derives the text from the html when there is no text part', async () => {
    const raw = await composeMail({ from: 'a@b.example', to: 'support@shop.example', html: '<p>Only <i>html</i> here</p>' });
    expect((await parseEmail(raw, options)).text).toContain('Only html here');
  });

  it('puts a quote-trimmed version of the text in the preview', async () => {
    const raw = simpleMail('q1@x', 'Tamam, teşekkürler.\r\n\r\n2 Kas 2026 Pzt tarihinde Destek şunu yazdı:\r\n> Siparişiniz yolda.');
    const message = await parseEmail(raw, options);
    expect(message.text).toContain('Siparişiniz yolda');
    expect(message.metadata).toMatchObject({ preview: 'Tamam, teşekkürler.', trimmedText: 'Tamam, teşekkürler.' });
  });

  it.each(['iso-8859-9', 'windows-1254'])('decodes Turkish mail in %s', async (charset) => {
    const message = await parseEmail(turkish8bitMail(charset, `tr-${charset}@x`), options);
    expect(message.text.trim()).toBe(TURKISH_TEXT);
    expect(message.subject).toBe('Şikayet');
    expect(message.from.name).toBe('Şule Öztürk');
  });

  it('decodes Turkish mail in UTF-8 quoted-printable', async () => {
    const raw = await composeMail({ from: 'a@b.example', to: 'support@shop.example', subject: TURKISH_TEXT, text: TURKISH_TEXT, textEncoding: 'quoted-printable' });
    expect(raw.toString()).toContain('=C5=9E');
    const message = await parseEmail(raw, options);
    expect(message.text.trim()).toBe(TURKISH_TEXT);
    expect(message.subject).toBe(TURKISH_TEXT);
  });

  it('reads References-only (Outlook), In-Reply-To-only and plus-address threading', async () => {
    const outlook = await parseEmail(simpleMail('r1@x', 'hi', 'References: <o1@shop.example> <o2@shop.example>'), options);
    expect(outlook.threading).toMatchObject({ references: ['<o1@shop.example>', '<o2@shop.example>'] });
    expect(outlook.threading?.inReplyTo).toBeUndefined();
    const inReplyTo = await parseEmail(simpleMail('r2@x', 'hi', 'In-Reply-To: <o3@shop.example>'), options);
    expect(inReplyTo.threading).toMatchObject({ inReplyTo: '<o3@shop.example>' });
    expect(inReplyTo.threading?.references).toBeUndefined();
    const plus = await parseEmail(simpleMail('r3@x', 'hi').replace('To: support@shop.example', 'To: Support <Support+c0nv42@shop.example>'), options);
    expect(plus.threading?.conversationToken).toBe('c0nv42');
    const delivered = await parseEmail(simpleMail('r4@x', 'hi', 'Delivered-To: support+t9@shop.example'), options);
    expect(delivered.threading?.conversationToken).toBe('t9');
    const foreign = await parseEmail(simpleMail('r5@x', 'hi', 'Cc: other+t9@elsewhere.example'), options);
    expect(foreign.threading?.conversationToken).toBeUndefined();
  });

  it('keeps attachments and inline images, and refuses one over the size limit', async () => {
    const big = Buffer.alloc(30 * 1024 * 1024, 7);
    const raw = await composeMail({
      from: 'a@b.example',
      to: 'support@shop.example',
      text: 'see files',
      html: '<img src="cid:logo@x">',
      attachments: [
        { filename: 'note.txt', content: 'small file' },
        { filename: 'logo.png', content: Buffer.from([137, 80, 78, 71]), contentType: 'image/png', cid: 'logo@x' },
        { filename: 'huge.bin', content: big, contentType: 'application/octet-stream' },
      ],
    });
    const message = await parseEmail(raw, options);
    expect(message.text.trim()).toBe('see files');
    expect(message.html).toContain('cid:logo@x');
    const byName = (name: string) => message.attachments!.find((a) => a.filename === name)!;
    const [note, logo, huge] = [byName('note.txt'), byName('logo.png'), byName('huge.bin')];
    expect(note).toMatchObject({ filename: 'note.txt', contentType: 'text/plain', inline: false });
    expect(Buffer.from(note.content!).toString()).toBe('small file');
    expect(logo).toMatchObject({ filename: 'logo.png', contentId: 'logo@x', inline: true, size: 4 });
    expect(huge).toMatchObject({ filename: 'huge.bin', size: big.length, refused: { reason: expect.stringContaining('limit') } });
    expect(huge.content).toBeUndefined();
  }, 30_000);

  it.each([
    ['Auto-Submitted: auto-replied', true],
    ['X-Autoreply: yes', true],
    ['X-Autorespond: yes', true],
    ['Precedence: bulk', true],
    ['Precedence: auto_reply', true],
    ['Auto-Submitted: no', false],
    ['Precedence: list', false],
  ])('flags "%s" as auto-reply: %s', async (header, expected) => {
    const message = await parseEmail(simpleMail('ar@x', 'Out of office', header), options);
    expect(message.autoReply ?? false).toBe(expected);
  });

  it('reads the failed recipient and reason from a delivery-status report', async () => {
    const raw = bounceReport('dsn1@mx.shop.example', 'Gone@Customer.example');
    const message = await parseEmail(raw, options);
    expect(message.bounce).toEqual({ recipient: 'gone@customer.example', reason: '550 5.1.1 <gone@customer.example>: Recipient address rejected: User unknown' });
    expect(message.autoReply).toBe(true);
    expect(message.text).toContain('could not deliver');
  });

  it('reads the Message-ID of the returned message, so a late bounce finds what it returns', async () => {
    const raw = bounceReport('dsn2@mx.shop.example', 'gone@customer.example', '<c0ffee@shop.example>');
    expect((await parseEmail(raw, options)).bounce).toMatchObject({ recipient: 'gone@customer.example', originalMessageId: '<c0ffee@shop.example>' });
  });

  it('treats mail from a mailer daemon without a report as a bounce', async () => {
    const raw = simpleMail('d2@x', 'Delivery to lost@customer.example failed permanently.').replace(/^From: .*$/m, 'From: postmaster@mx.example');
    expect((await parseEmail(raw, options)).bounce).toMatchObject({ recipient: 'lost@customer.example' });
  });

  it('delivers a malformed MIME message with what could be parsed', async () => {
    const raw = malformedMail('broken1@x');
    const message = await parseEmail(raw, options);
    expect(message.from.identities[0].value).toBe('broken@customer.example');
    expect(message.subject).toBe('Broken');
    expect(message.idempotencyKey).toBe('<broken1@x>');
    expect(message.text).toContain('Hello');
  });

  it('keys a message without Message-ID by a hash of its source, stable across deliveries', async () => {
    const raw = simpleMail('x', 'no id').replace(/^Message-ID: .*\r\n/m, '');
    const first = await parseEmail(raw, options);
    expect(first.idempotencyKey).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect((await parseEmail(raw, options)).idempotencyKey).toBe(first.idempotencyKey);
    expect(first.threading?.messageId).toBeUndefined();
  });

  it('removes NUL characters, which the database cannot store, from text and raw', async () => {
    const raw = simpleMail('nul@x', 'before\u0000after').replace('Subject: Order nul@x', 'Subject: a\u0000b');
    const message = await parseEmail(Buffer.from(raw, 'utf8'), options);
    expect(message.text).toBe('beforeafter');
    expect(message.subject).toBe('ab');
    expect(message.raw).not.toContain('\u0000');
    expect(message.raw).toContain('before\uFFFDafter');
  });

  it('brackets a Message-ID written without angle brackets', async () => {
    const message = await parseEmail(simpleMail('x', 'hi').replace('Message-ID: <x>', 'Message-ID: bare-id@legacy.example'), options);
    expect(message.idempotencyKey).toBe('<bare-id@legacy.example>');
  });

  it('falls back to the clock when the Date header is unusable', async () => {
    const message = await parseEmail(simpleMail('nd@x', 'x').replace(/^Date: .*$/m, 'Date: someday'), options);
    expect(message.sentAt.toISOString()).toBe('2026-11-22T00:00:00.000Z');
  });
});
