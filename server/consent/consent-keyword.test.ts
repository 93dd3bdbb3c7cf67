import { describe, expect, it } from 'vitest';
import { consentKeyword } from './consent-keyword.ts';

describe('consentKeyword', () => {
  it('reads the carrier opt-out keywords in any case', () => {
    for (const body of ['STOP', 'stop', 'Stop ', 'STOPALL', 'unsubscribe', 'Cancel', 'end', 'quit', 'QUIT!', 'opt  out']) {
      expect(consentKeyword(body), body).toBe('opted_out');
    }
  });

  it('reads Turkish opt-outs whatever the keyboard did with the dotted and dotless i and the accents', () => {
    for (const body of ['İPTAL', 'iptal', 'İptal', 'IPTAL', 'ıptal', 'DUR', 'dur.', 'ABONELİKTEN ÇIK', 'abonelikten çık', 'ABONELIKTEN CIK', 'Abonelikten cik!']) {
      expect(consentKeyword(body), body).toBe('opted_out');
    }
  });

  it('honours opt-outs on every channel', () => {
    for (const channel of ['api', 'telegram', 'whatsapp', 'email']) expect(consentKeyword('STOP', channel), channel).toBe('opted_out');
  });

  it('reads opt-in keywords, Turkish included, on SMS only', () => {
    for (const body of ['START', 'yes', 'unstop', 'BAŞLA', 'başla', 'Basla']) {
      expect(consentKeyword(body, 'sms'), body).toBe('opted_in');
      expect(consentKeyword(body, 'whatsapp'), body).toBeUndefined();
    }
  });

  it('ignores keywords inside a sentence and ordinary words', () => {
    for (const body of ['please do not stop', 'durum nedir', 'STOP IT', 'iptal etmek istiyorum', 'teşekkürler', '']) {
      expect(consentKeyword(body), body).toBeUndefined();
    }
  });
});
