// What the model server may never see when masking is on.
import { describe, expect, it } from 'vitest';
import { maskPii } from './mask-pii.ts';

describe('maskPii', () => {
  it('masks emails, phone numbers in the usual spellings, and card numbers', () => {
    expect(maskPii('Yazın: ayse.yilmaz+shop@örnek.com.tr lütfen')).toBe('Yazın: [email] lütfen');
    expect(maskPii('Numaram 0532 555 44 33, ya da +90 (532) 555-44-33')).toBe('Numaram [phone], ya da [phone]');
    expect(maskPii('Kart 4111 1111 1111 1111 son kullanma 12/27')).toBe('Kart [card] son kullanma 12/27');
    expect(maskPii('card 5500-0000-0000-0004 or 4111111111111111')).toBe('card [card] or [card]');
  });

  it('masks an international number of thirteen digits or more as a phone, not a card', () => {
    expect(maskPii('Rufen Sie mich an: +49 151 23456789, +49 1512345678901 oder +491512345678901')).toBe('Rufen Sie mich an: [phone], [phone] oder [phone]');
  });

  it('leaves dates, prices, short numbers and ordinary words alone', () => {
    const text = 'Sipariş 2026-12-02 tarihinde, tutar 1.250,50 TL, kod 4821, 3 adet.';
    expect(maskPii(text)).toBe(text);
  });
});
