import { describe, expect, it } from 'vitest';
import { I18n } from '../i18n';
import { skippedMessagesLine } from './skipped-messages';

const health = (count: number, subjects: Array<string | undefined>) => ({
  state: 'connected',
  details: { lastUid: 9, skipped: { count, latest: subjects.map((subject, i) => ({ uid: i + 1, subject })) } },
});

describe('skippedMessagesLine', () => {
  it('says how many messages stayed in the mailbox and names them', () => {
    const i18n = new I18n('en');
    expect(skippedMessagesLine(i18n, health(1, ['Broken invoice']))).toBe('1 message could not be imported (still in the mailbox): “Broken invoice”');
    expect(skippedMessagesLine(i18n, health(7, ['A', undefined]))).toBe('7 messages could not be imported (still in the mailbox): “A”, “(no subject)”…');
  });

  it('speaks Turkish', () => {
    const i18n = new I18n('tr');
    expect(skippedMessagesLine(i18n, health(2, ['Fatura', 'Sipariş']))).toBe('2 ileti içe aktarılamadı (posta kutusunda duruyor): “Fatura”, “Sipariş”');
  });

  it('is empty for a channel with nothing skipped', () => {
    expect(skippedMessagesLine(new I18n(), { state: 'connected', details: { lastUid: 3 } })).toBeNull();
    expect(skippedMessagesLine(new I18n(), null)).toBeNull();
  });
});
