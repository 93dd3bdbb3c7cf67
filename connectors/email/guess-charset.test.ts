import { describe, expect, it } from 'vitest';
import { guessCharset } from './guess-charset.ts';
import { encodeLatin5, TURKISH_TEXT } from './testing/mail-fixtures.ts';

describe('guessCharset', () => {
  it('has nothing to guess for ASCII', () => {
    expect(guessCharset(Buffer.from('plain ascii'))).toBeUndefined();
  });

  it('keeps valid UTF-8', () => {
    expect(guessCharset(Buffer.from(TURKISH_TEXT, 'utf8'))).toBe('utf-8');
  });

  it.each([
    ['Turkish', encodeLatin5(TURKISH_TEXT), 'windows-1254'],
    ['Turkish quoting a French name', encodeLatin5('Sayın René Dupont, siparişiniz yola çıktı; teşekkürler.'), 'windows-1254'],
    ['French', Buffer.from('Déjà reçu, très économique', 'latin1'), 'windows-1252'],
    ['German', Buffer.from('Grüße aus München, schön', 'latin1'), 'windows-1252'],
    ['German with only umlauts Turkish shares', Buffer.from('Über schön', 'latin1'), 'windows-1252'],
    ['Icelandic', Buffer.from('Það er gott, ég þakka þér fyrir', 'latin1'), 'windows-1252'],
  ])('reads %s as %s', (_, bytes, expected) => {
    expect(guessCharset(bytes)).toBe(expected);
  });
});
