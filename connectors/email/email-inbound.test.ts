import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../channel.ts';
import { MemoryState } from '../testing/memory-sink.ts';
import { createEmailChannel } from './email-channel.ts';
import { hasDovecot, startDovecot, type DovecotServer } from './testing/dovecot.ts';
import { CommittingSink, emailTestConfig, emailTestContext } from './testing/email-test-context.ts';
import { openAppender } from './testing/imap-appender.ts';
import { bounceReport, composeMail, malformedMail, simpleMail, turkish8bitMail, TURKISH_TEXT } from './testing/mail-fixtures.ts';

describe.skipIf(!hasDovecot())('email inbound through Dovecot', () => {
  let dovecot: DovecotServer;
  let byKey: Map<string, InboundMessage>;

  beforeAll(async () => {
    dovecot = await startDovecot();
    const appender = await openAppender(dovecot);
    const huge = Buffer.alloc(30 * 1024 * 1024, 0x41);
    const sources: Array<string | Buffer> = [
      malformedMail('in-broken@x'),
      simpleMail('in-after-broken@x', 'still flowing'),
      turkish8bitMail('iso-8859-9', 'in-latin5@x'),
      await composeMail({ from: 'a@customer.example', to: 'support@shop.example', messageId: '<in-utf8qp@x>', subject: TURKISH_TEXT, text: TURKISH_TEXT, textEncoding: 'quoted-printable' }),
      await composeMail({
        from: 'big@customer.example',
        to: 'support@shop.example',
        messageId: '<in-huge@x>',
        text: 'photos attached',
        attachments: [{ filename: 'video.bin', content: huge, contentType: 'application/octet-stream' }],
      }),
      simpleMail('in-ooo@x', 'I am out of office', 'Auto-Submitted: auto-replied'),
      bounceReport('in-bounce@mx', 'nobody@customer.example'),
      simpleMail('in-outlook@x', 'References only', 'References: <ours-1@shop.example> <ours-2@shop.example>'),
      simpleMail('in-irt@x', 'In-Reply-To only', 'In-Reply-To: <ours-3@shop.example>'),
      simpleMail('in-plus@x', 'Plus address').replace('To: support@shop.example', 'To: support+conv-77@shop.example'),
    ];
    for (const source of sources) await appender.append(source);
    await appender.close();

    const state = new MemoryState();
    const sink = new CommittingSink(state);
    const channel = createEmailChannel(emailTestContext(emailTestConfig(dovecot, { host: '127.0.0.1', port: 9 }), sink, state).ctx);
    await channel.start!();
    await sink.until((s) => s.messages.length >= sources.length, 60_000);
    await channel.stop!();
    byKey = new Map(sink.messages.map((m) => [m.idempotencyKey, m]));
  }, 90_000);
  afterAll(async () => {
    await dovecot?.stop();
  });

  it('delivers a malformed MIME message with what could be parsed, and the next one still arrives', () => {
    expect(byKey.get('<in-broken@x>')).toMatchObject({ subject: 'Broken', from: { identities: [{ value: 'broken@customer.example' }] } });
    expect(byKey.get('<in-after-broken@x>')?.text.trim()).toBe('still flowing');
  });

  it('decodes Turkish mail in ISO-8859-9 and in UTF-8 quoted-printable', () => {
    expect(byKey.get('<in-latin5@x>')?.text.trim()).toBe(TURKISH_TEXT);
    expect(byKey.get('<in-utf8qp@x>')).toMatchObject({ subject: TURKISH_TEXT });
    expect(byKey.get('<in-utf8qp@x>')?.text.trim()).toBe(TURKISH_TEXT);
  });

  it('refuses a 30 MB attachment over the 25 MB limit and still delivers the message', () => {
    const message = byKey.get('<in-huge@x>')!;
    expect(message.text.trim()).toBe('photos attached');
    expect(message.attachments).toEqual([expect.objectContaining({ filename: 'video.bin', size: 30 * 1024 * 1024, refused: { reason: expect.any(String) } })]);
    expect(message.attachments![0].content).toBeUndefined();
  });

  it('flags auto-replies and bounces', () => {
    expect(byKey.get('<in-ooo@x>')?.autoReply).toBe(true);
    expect(byKey.get('<in-bounce@mx>')).toMatchObject({
      autoReply: true,
      bounce: { recipient: 'nobody@customer.example', reason: '550 5.1.1 <nobody@customer.example>: Recipient address rejected: User unknown' },
    });
    expect(byKey.get('<in-after-broken@x>')?.autoReply).toBeUndefined();
  });

  it('reads References-only, In-Reply-To-only and plus-address threading hints', () => {
    expect(byKey.get('<in-outlook@x>')?.threading).toEqual({ messageId: '<in-outlook@x>', references: ['<ours-1@shop.example>', '<ours-2@shop.example>'] });
    expect(byKey.get('<in-irt@x>')?.threading).toEqual({ messageId: '<in-irt@x>', inReplyTo: '<ours-3@shop.example>' });
    expect(byKey.get('<in-plus@x>')?.threading).toMatchObject({ conversationToken: 'conv-77' });
  });
});
