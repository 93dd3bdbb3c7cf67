import { describe, expect, it } from 'vitest';
import ConsentList from './ConsentList.svelte';
import { makeApp, renderWithApp } from '../../../test/render';

describe('ConsentList', () => {
  it('says per channel and for all marketing how and when the customer opted in or out', () => {
    const { app } = makeApp({});
    const consents = [
      { channel: 'sms', status: 'opted_out' as const, source: 'keyword:sms', at: '2026-06-10T10:00:00Z' },
      { channel: 'email', status: 'opted_out' as const, source: 'one-click', at: '2026-06-11T10:00:00Z' },
      { channel: 'all', status: 'opted_out' as const, source: 'link', at: '2026-06-12T10:00:00Z' },
      { channel: 'whatsapp', status: 'opted_in' as const, source: 'crm sync', at: '2026-06-12T11:00:00Z' },
    ];
    const { container } = renderWithApp(ConsentList, { consents }, app);
    const rows = [...container.querySelectorAll('li')].map((li) =>
      li
        .textContent!.replace(/\s+/g, ' ')
        .replace(/ · .*? · /, ' · ')
        .trim(),
    );
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatch(/^SMS Opted out .* · Wrote a stop word \(SMS\)$/);
    expect(rows[1]).toMatch(/^Email Opted out .* · One-click unsubscribe$/);
    expect(rows[2]).toMatch(/^All marketing Opted out .* · Preference page$/);
    expect(rows[3]).toMatch(/^WhatsApp Opted in .* · crm sync$/);
  });
});
