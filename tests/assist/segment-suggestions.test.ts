// Suggested segments: customers clustered on value, quietness and channel come back as segments a marketer can
// read, trust (the size is the definition's own count) and save with one click.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roundNicely } from '../../server/assist/suggest-segments.ts';
import { contactValue } from '../../server/db/schema/index.ts';
import { seedContacts } from '../campaigns/seed-contacts.ts';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';

const NOW = new Date('2026-06-15T10:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);

describe('suggested segments', () => {
  let t: TestApp;
  let marketer: Client;

  beforeAll(async () => {
    t = await createTestApp({ now: () => NOW });
    marketer = await (await Client.admin(t.app)).user(['marketer']);
    const db = t.services.database.db;
    // Three kinds of customer: big spenders on WhatsApp gone quiet for months; recent e-mail writers who never
    // bought; small buyers writing by SMS last week.
    const groups = [
      { n: 60, spent: (i: number) => 6_000 + i * 50, orders: 8, quiet: (i: number) => 101 + (i % 30), channel: 'whatsapp' },
      { n: 80, spent: () => 0, orders: 0, quiet: (i: number) => 1 + (i % 10), channel: 'email' },
      { n: 60, spent: (i: number) => 150 + i * 2, orders: 1, quiet: (i: number) => 3 + (i % 5), channel: 'sms' },
    ];
    let serial = 0;
    for (const g of groups) {
      const ids = await seedContacts(t.services.database, g.n, (i) => ({ name: `${g.channel} ${i}` }), `+9053${String(++serial)}0`);
      for (const [i, id] of ids.entries()) {
        await db.execute(
          sql`update contacts set last_inbound_at = ${daysAgo(g.quiet(i)).toISOString()}, first_seen_at = ${daysAgo(400).toISOString()}, last_channel_kind = ${g.channel} where id = ${id}`,
        );
        if (g.orders) await db.insert(contactValue).values({ contactId: id, orders: g.orders, totalSpent: String(g.spent(i)), aov: String(g.spent(i) / g.orders), lastOrderAt: daysAgo(g.quiet(i)) });
      }
    }
  });
  afterAll(async () => t.close());

  it('proposes segments in words, each sized by its own definition, and one saves as a segment', async () => {
    const { items } = await marketer.ok('GET', '/api/segments/suggestions?lang=en');
    expect(items).toHaveLength(3); // three kinds of customer, found as three clusters
    const descriptions = items.map((s: { description: string }) => s.description);
    expect(descriptions.sort()).toEqual([
      'Has never bought, wrote in the last 10 days, writes on e-mail',
      'Spends over ₺6,000, 8+ orders, quiet for 100+ days, writes on WhatsApp',
      'Wrote in the last 7 days, writes on SMS',
    ]);
    for (const s of items) {
      const preview = await marketer.ok('POST', '/api/segments/preview', { conditions: s.definition });
      expect({ description: s.description, size: s.size }).toEqual({ description: s.description, size: preview.count });
    }
    const vip = items.find((s: { description: string }) => s.description.startsWith('Spends over'));
    expect(vip.size).toBe(60);
    const saved = await marketer.ok('POST', '/api/segments', { name: 'Quiet WhatsApp VIPs', conditions: vip.definition });
    expect((await marketer.ok('GET', `/api/segments/${saved.id}`)).conditions).toEqual(vip.definition);
  });

  it('speaks Turkish when asked, with the workspace currency', async () => {
    const { items } = await marketer.ok('GET', '/api/segments/suggestions?lang=tr');
    expect(items.map((s: { description: string }) => s.description)).toContain('₺6.000 üzeri harcama, 8+ sipariş, 100+ gündür sessiz, WhatsApp üzerinden yazıyor');
  });

  it('refuses a language it cannot speak, in words', async () => {
    expect(await marketer.call('GET', '/api/segments/suggestions?lang=xx')).toMatchObject({ status: 422 });
  });

  it('rounds thresholds the way people write them', () => {
    expect([roundNicely(4_873, 'down'), roundNicely(4_873, 'up'), roundNicely(37, 'down'), roundNicely(37, 'up'), roundNicely(0, 'up')]).toEqual([4_500, 5_000, 35, 40, 0]);
  });
});
