// Reactivation among imported contacts: quiet time counts from the latest known activity (imported date, order, message), not the import.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactIdentities, contactValue } from '../../server/db/schema/index.ts';
import { createHarness, drainOutbound, runsOf, type Harness } from './engine-harness.ts';

const DAY = 86_400_000;
const T0 = new Date('2026-03-10T10:00:00Z');
const ago = (days: number) => new Date(T0.getTime() - days * DAY);

describe('reactivation of imported contacts', () => {
  let h: Harness;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    h = await createHarness(T0.toISOString());
    const rows = [
      { name: 'Quiet Buyer', email: 'quiet@example.com', lastActivityAt: ago(100).toISOString().slice(0, 10) },
      { name: 'Recent Buyer', email: 'recent@example.com', lastActivityAt: ago(10).toISOString() },
      { name: 'Ordered Lately', email: 'ordered@example.com', lastActivityAt: ago(100).toISOString().slice(0, 10) },
      { name: 'No History', email: 'nohistory@example.com' },
    ];
    expect(await h.admin.ok('POST', '/api/contacts/import', { rows })).toEqual({ created: 4, merged: 0, rejected: [] });
    const db = h.t.services.database.db;
    for (const row of await db.select().from(contactIdentities)) {
      const key = row.value.split('@')[0]!;
      ids[key] = row.contactId;
      await db.insert(contactIdentities).values({ contactId: row.contactId, kind: 'api', value: `${h.channel.id}:${key}` });
    }
    // An order 10 days ago (from the orders room) is later than the imported date: that contact is active.
    await db.insert(contactValue).values({ contactId: ids.ordered!, orders: 1, totalSpent: '100', aov: '100', firstOrderAt: ago(10), lastOrderAt: ago(10) });
  });
  afterAll(() => h.close());

  it('gives the 90-day reactivation to an imported contact last active 100 days ago, and to no one else', async () => {
    const workflowId = (await h.admin.ok('POST', '/api/workflows/presets/reactivation', { holdoutPercent: 0, enabled: true })).id;
    await h.tick();
    await drainOutbound(h, 1);
    expect((await runsOf(h, workflowId)).map((r) => r.contactId)).toEqual([ids.quiet]);
    expect(h.received('quiet')).toHaveLength(1);
    expect(h.received('recent')).toHaveLength(0);
    expect(h.received('ordered')).toHaveLength(0);
    expect(h.received('nohistory')).toHaveLength(0);
  });
});
