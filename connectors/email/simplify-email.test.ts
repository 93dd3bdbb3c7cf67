import { describe, expect, it } from 'vitest';
import { parseEmail } from './parse-email.ts';
import { SIMPLIFIED_TEXT_CHARS, simplifyEmail } from './simplify-email.ts';

const options = { fromAddress: 'support@shop.example', maxAttachmentBytes: 1_000_000, now: () => new Date('2026-11-02T10:00:00Z') };

function mail(body: string, messageId = 'Message-ID: <odd@x>') {
  return Buffer.from(['From: Odd <odd@customer.example>', 'Subject: Odd\u0001 one', messageId, '', body, ''].join('\r\n'), 'latin1');
}

describe('simplifyEmail', () => {
  it('keeps sender, subject and threading, drops control characters, html, attachments and the raw copy', () => {
    const message = simplifyEmail(mail('line\u0000one\u0007\nline two'), options, 'value refused');
    expect(message).toMatchObject({ idempotencyKey: '<odd@x>', externalId: '<odd@x>', subject: 'Odd one', text: 'lineone\nline two' });
    expect(message.from.identities).toEqual([{ kind: 'email', value: 'odd@customer.example' }]);
    expect(message.metadata).toEqual({ preview: 'lineone\nline two', ingestFallback: true, ingestError: 'value refused' });
    expect(message.raw).toBeUndefined();
    expect(message.attachments).toBeUndefined();
  });

  it('cuts a long body', () => {
    expect(simplifyEmail(mail('x'.repeat(SIMPLIFIED_TEXT_CHARS * 2)), options, 'too big').text).toHaveLength(SIMPLIFIED_TEXT_CHARS);
  });

  it('uses the same idempotency key as the normal path, with or without a Message-ID, so nothing doubles', async () => {
    for (const source of [mail('body'), mail('body', 'X-No-Id: 1')]) {
      expect(simplifyEmail(source, options, 'e').idempotencyKey).toBe((await parseEmail(source, options)).idempotencyKey);
    }
  });
});
