import { describe, expect, it } from 'vitest';
import { parseHeadersOnly } from './parse-headers-only.ts';

describe('parseHeadersOnly', () => {
  it('reads folded headers, the sender and the body when nothing else can be parsed', () => {
    const parsed = parseHeadersOnly('From: "Ali Veli" <ali@customer.example>\r\nSubject: Uzun\r\n konu\r\nMessage-ID: <h1@x>\r\n\r\nbody line\r\n');
    expect(parsed.from?.value[0]).toMatchObject({ name: 'Ali Veli', address: 'ali@customer.example' });
    expect(parsed.subject).toBe('Uzun konu');
    expect(parsed.messageId).toBe('<h1@x>');
    expect(parsed.text).toBe('body line\n');
  });

  it('survives a message that is only garbage', () => {
    const parsed = parseHeadersOnly('\u0000\u0001 not a mail');
    expect(parsed.from).toBeUndefined();
    expect(parsed.attachments).toEqual([]);
  });
});
