import { describe, expect, it } from 'vitest';
import { consentKeyword } from './consent-keyword.ts';

describe('consentKeyword', () => {
  it('reads the carrier opt-out keywords in any case', () => {
    for (const body of ['STOP', 'stop', 'Stop ', 'STOPALL', 'unsubscribe', 'Cancel', 'end', 'quit', 'QUIT!']) {
      expect(consentKeyword(body), body).toBe('opted_out');
    }
  });

  it('reads Turkish opt-outs whatever the keyboard did with the dotted and dotless i', () => {
    for (const body of ['İPTAL', 'iptal', 'İptal', 'IPTAL', 'ıptal', 'DUR', 'dur.']) {
      expect(consentKeyword(body), body).toBe('opted_out');
    }
  });

  it('reads opt-in keywords, Turkish included', () => {
    for (const body of ['START', 'yes', 'unstop', 'BAŞLA', 'başla', 'Basla']) {
      expect(consentKeyword(body), body).toBe('opted_in');
    }
  });

  it('ignores keywords inside a sentence and ordinary words', () => {
    for (const body of ['please do not stop', 'durum nedir', 'STOP IT', 'iptal etmek istiyorum', 'teşekkürler', '']) {
      expect(consentKeyword(body), body).toBeUndefined();
    }
  });
});
