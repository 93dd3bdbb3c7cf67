import { describe, expect, it } from 'vitest';
import { ChannelError } from '../channel.ts';
import { buildOutboundMail, replySubject } from './build-outbound-mail.ts';
import { UNKNOWN_SENDER } from './parse-email.ts';

const sender = { fromAddress: 'support@shop.example', fromName: 'Shop Support' };
const date = new Date('2026-11-22T09:00:00Z');
const to = { kind: 'email' as const, value: 'ayse@customer.example' };

describe('buildOutboundMail', () => {
  it('keeps a single "Re:" on replies, whatever prefixes the customer mail had', () => {
    expect(replySubject('Siparişim', true)).toBe('Re: Siparişim');
    expect(replySubject('Re: Siparişim', true)).toBe('Re: Siparişim');
    expect(replySubject('RE: Re: YNT: Siparişim', true)).toBe('Re: Siparişim');
    expect(replySubject('Re[2]: Siparişim', true)).toBe('Re: Siparişim');
    expect(replySubject('Kampanya', false)).toBe('Kampanya');
  });

  it('uses the fixed Message-ID, or one made from our id on the sender domain', () => {
    expect(buildOutboundMail({ id: 'm1', to, text: 'x', threading: { messageId: 'fixed@shop.example' } }, sender, date).messageId).toBe('<fixed@shop.example>');
    expect(buildOutboundMail({ id: 'm2', to, text: 'x' }, sender, date).messageId).toBe('<m2@shop.example>');
  });

  it('ends References with the parent message and never repeats an id', () => {
    const mail = buildOutboundMail({ id: 'm3', to, text: 'x', subject: 'Soru', threading: { inReplyTo: '<p2@c>', references: ['<p1@c>', '<p2@c>'] } }, sender, date);
    expect(mail).toMatchObject({ inReplyTo: '<p2@c>', references: ['<p1@c>', '<p2@c>'], subject: 'Re: Soru' });
    const withoutParent = buildOutboundMail({ id: 'm4', to, text: 'x', threading: { inReplyTo: '<p9@c>', references: ['<p1@c>'] } }, sender, date);
    expect(withoutParent.references).toEqual(['<p1@c>', '<p9@c>']);
  });

  it('puts the conversation token in a plus Reply-To so the answer threads back', () => {
    const mail = buildOutboundMail({ id: 'm5', to, text: 'x', threading: { conversationToken: 'c42' } }, sender, date);
    expect(mail.replyTo).toEqual({ name: 'Shop Support', address: 'support+c42@shop.example' });
  });

  it('refuses a recipient that is not an email address', () => {
    const build = () => buildOutboundMail({ id: 'm6', to: { kind: 'phone', value: '+905321234567' }, text: 'x' }, sender, date);
    expect(build).toThrow(ChannelError);
    expect(build).toThrow(expect.objectContaining({ code: 'INVALID_RECIPIENT' }));
  });

  it('refuses the placeholder sender of mail that came without a usable From, so nothing is sent to it', () => {
    const build = () => buildOutboundMail({ id: 'm7', to: { kind: 'email', value: UNKNOWN_SENDER }, text: 'x' }, sender, date);
    expect(build).toThrow(expect.objectContaining({ code: 'INVALID_RECIPIENT', message: expect.stringContaining('without a usable From address') }));
  });

  it('carries extra headers and appends the footer to both the text and the HTML part', () => {
    const mail = buildOutboundMail(
      {
        id: 'm7',
        to,
        text: 'Kampanya',
        html: '<p>Kampanya</p>',
        headers: { 'List-Unsubscribe': '<https://u.example/u/t>' },
        footer: { text: 'Abonelikten çık: https://u.example/u/t', html: '<p><a href="https://u.example/u/t">Abonelikten çık</a></p>' },
      },
      sender,
      date,
    );
    expect(mail.headers).toEqual({ 'List-Unsubscribe': '<https://u.example/u/t>' });
    expect(mail.text).toBe('Kampanya\n\n-- \nAbonelikten çık: https://u.example/u/t');
    expect(mail.html).toBe('<p>Kampanya</p>\n<p><a href="https://u.example/u/t">Abonelikten çık</a></p>');
    expect(buildOutboundMail({ id: 'm8', to, text: 'x' }, sender, date).headers).toBeUndefined();
  });
});
