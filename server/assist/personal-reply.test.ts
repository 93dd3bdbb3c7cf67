import { describe, expect, it } from 'vitest';
import { replyTemplate } from './personal-reply.ts';

describe('replyTemplate', () => {
  it("turns the past customer's full, first and last name into variables, with a Turkish honorific", () => {
    expect(replyTemplate('Merhaba Hakan Bey, Hakan Yıldız adına kayıtlı sipariş; Sayın Yıldız.', 'Hakan  Yıldız')).toEqual({
      text: 'Merhaba {{contact.firstName}}, {{contact.name}} adına kayıtlı sipariş; Sayın {{contact.lastName}}.',
      personal: true,
    });
  });

  it('leaves words that only contain the name, and replies with no name, as they are', () => {
    expect(replyTemplate('Ali Bey, Alişan kargoda.', 'Ali')).toEqual({ text: '{{contact.firstName}}, Alişan kargoda.', personal: true });
    expect(replyTemplate('Kargonuz yolda.', 'Ayşe Kaya')).toEqual({ text: 'Kargonuz yolda.', personal: false });
    expect(replyTemplate('Kargonuz yolda.', null)).toEqual({ text: 'Kargonuz yolda.', personal: false });
  });
});
