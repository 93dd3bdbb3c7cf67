// The birthday dry run: who is greeted on each of the next 7 days, each at 09:00 on their own calendar and zone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { birthdayPreset } from '../../workflows/presets/birthday.ts';
import { createHarness, type Harness } from './engine-harness.ts';

describe('birthday dry run over the next 7 days', () => {
  let h: Harness;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    h = await createHarness('2026-05-01T10:00:00Z');
    ids.istanbul = await h.contact('ist', { name: 'Ayşe Yılmaz', birthday: '1990-05-20', timeZone: 'Europe/Istanbul' });
    ids.newYork = await h.contact('nyc', { name: 'John Smith', birthday: '05-20', timeZone: 'America/New_York' });
    // 09:00 in Tokyo on May 20 is 00:00 UTC: already past at 05:00 UTC, so next year, not this week.
    ids.tokyo = await h.contact('tyo', { name: 'Yuki Sato', birthday: '05-20', timeZone: 'Asia/Tokyo' });
    // 09:00 on May 21 in Auckland is 21:00 UTC on May 20.
    ids.auckland = await h.contact('akl', { name: 'Aroha Ngata', birthday: '05-21', timeZone: 'Pacific/Auckland' });
    ids.sixDays = await h.contact('six', { name: 'Mert Can', birthday: '05-26', timeZone: 'Europe/Istanbul' });
    ids.sevenDays = await h.contact('seven', { name: 'Selin Ak', birthday: '05-27', timeZone: 'Europe/Istanbul' });
    ids.none = await h.contact('none', { name: 'No Birthday' });
    // 05:00 UTC = 08:00 in Istanbul.
    h.setClock('2026-05-20T05:00:00Z');
  });
  afterAll(() => h.close());

  it('lists each day with the contacts greeted on it in their own zone, and walks each at that time', async () => {
    const preview = await h.admin.ok('POST', '/api/workflows/preview', { definition: { ...birthdayPreset(), settings: { holdoutPercent: 0 } } });
    const days = preview.upcoming.map((d: any) => [d.date, d.contacts.map((c: any) => c.name)]);
    expect(days).toEqual([
      ['2026-05-20', ['Ayşe Yılmaz', 'John Smith']],
      ['2026-05-21', ['Aroha Ngata']],
      ['2026-05-22', []],
      ['2026-05-23', []],
      ['2026-05-24', []],
      ['2026-05-25', []],
      ['2026-05-26', ['Mert Can']],
    ]);
    expect(preview.upcoming[0].contacts).toEqual([
      { contactId: ids.istanbul, name: 'Ayşe Yılmaz', timeZone: 'Europe/Istanbul', at: '2026-05-20T06:00:00.000Z' },
      { contactId: ids.newYork, name: 'John Smith', timeZone: 'America/New_York', at: '2026-05-20T13:00:00.000Z' },
    ]);
    expect(preview.summary).toMatchObject({ audience: 4, contacts: 4, receives: 4, skipped: 0 });
    const sentAt = Object.fromEntries(preview.items.map((i: any) => [i.name, i.messages[0].at]));
    expect(sentAt).toEqual({ 'Ayşe Yılmaz': '2026-05-20T06:00:00.000Z', 'John Smith': '2026-05-20T13:00:00.000Z', 'Aroha Ngata': '2026-05-20T21:00:00.000Z', 'Mert Can': '2026-05-26T06:00:00.000Z' });
  });

  it('lists exactly 7 days after today’s greetings have gone out, not the same day next week as an eighth', async () => {
    // 07:00 UTC = 10:00 in Istanbul: Ayşe was greeted at 09:00, and Selin's 09:00 on May 27 is within 7 × 24 hours.
    h.setClock('2026-05-20T07:00:00Z');
    const preview = await h.admin.ok('POST', '/api/workflows/preview', { definition: { ...birthdayPreset(), settings: { holdoutPercent: 0 } } });
    expect(preview.upcoming.map((d: any) => d.date)).toEqual(['2026-05-20', '2026-05-21', '2026-05-22', '2026-05-23', '2026-05-24', '2026-05-25', '2026-05-26']);
    expect(preview.upcoming.flatMap((d: any) => d.contacts.map((c: any) => c.name))).toEqual(['John Smith', 'Aroha Ngata', 'Mert Can']);
    expect(preview.summary).toMatchObject({ audience: 3, receives: 3 });
    h.setClock('2026-05-20T05:00:00Z');
  });
});
