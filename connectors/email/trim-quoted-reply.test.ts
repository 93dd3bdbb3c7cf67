import { describe, expect, it } from 'vitest';
import { trimQuotedReply } from './trim-quoted-reply.ts';

describe('trimQuotedReply', () => {
  it('cuts an English "On … wrote:" attribution and the quote under it', () => {
    const text = 'Thanks, that works.\n\nOn Mon, Nov 2, 2026 at 10:00 AM Support <support@x.com> wrote:\n> old text\n> more';
    expect(trimQuotedReply(text)).toBe('Thanks, that works.');
  });

  it('cuts an attribution Gmail wrapped over two lines', () => {
    const text = 'Fine.\n\nOn Mon, Nov 2, 2026 at 10:00 AM Very Long Support Name <support@x.com>\nwrote:\n> old';
    expect(trimQuotedReply(text)).toBe('Fine.');
  });

  it('cuts a Turkish "… tarihinde … yazdı:" attribution', () => {
    const text = 'Teşekkürler, oldu.\n\n2 Kas 2026 Pzt, 10:00 tarihinde Destek <support@x.com> şunu yazdı:\n> eski metin';
    expect(trimQuotedReply(text)).toBe('Teşekkürler, oldu.');
  });

  it('cuts an Outlook "-----Original Message-----" block', () => {
    const text = 'New answer\r\n\r\n-----Original Message-----\r\nFrom: Support\r\nSent: Monday\r\n\r\nold';
    expect(trimQuotedReply(text)).toBe('New answer');
  });

  it('cuts an Outlook From:/Sent:/To: header block, in Turkish too', () => {
    expect(trimQuotedReply('Yes\n\nFrom: Support <s@x.com>\nSent: Monday\nTo: me\nSubject: Re: x\n\nold')).toBe('Yes');
    expect(trimQuotedReply('Evet\n\nKimden: Destek <s@x.com>\nGönderildi: Pazartesi\nKime: ben\n\neski')).toBe('Evet');
  });

  it('drops trailing ">" quoted lines', () => {
    expect(trimQuotedReply('My answer\n\n> the question\n> more of it')).toBe('My answer');
  });

  it('keeps a line that merely starts with "From:" in the body', () => {
    expect(trimQuotedReply('From: my side it looks fine.\nThanks')).toBe('From: my side it looks fine.\nThanks');
  });

  it('keeps the full text when everything is quoted', () => {
    expect(trimQuotedReply('> only a quote')).toBe('> only a quote');
  });
});
