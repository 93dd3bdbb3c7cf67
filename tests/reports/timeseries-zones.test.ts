// Report buckets follow the workspace's local midnights, across a daylight-saving change, with empty days filled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversations, messages } from '../../server/db/schema/index.ts';
import { reportTimeseries } from '../../server/reports/index.ts';
import { seedContacts } from '../campaigns/seed-contacts.ts';
import { insertChannel } from '../support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

// New York moves from EST (UTC−5) to EDT (UTC−4) at 02:00 on Sunday 8 March 2026: that day is 23 hours long.
const timeZone = 'America/New_York';
const range = { from: new Date('2026-03-07T05:00:00Z'), to: new Date('2026-03-11T04:00:00Z') }; // 7 March to 10 March, local

describe('report time series in a zone with daylight saving', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    const db = database.db;
    const sms = await insertChannel(database, 'sms');
    const [contactId] = await seedContacts(database, 1, () => ({}));
    const at = (iso: string) => new Date(iso);
    const [conv] = await db
      .insert(conversations)
      .values({
        contactId: contactId!,
        channelId: sms.id,
        token: 'tok-dst',
        createdAt: at('2026-03-09T04:30:00Z'),
        lastActivityAt: at('2026-03-09T04:30:00Z'),
        firstResponseAt: at('2026-03-09T04:32:00Z'),
      })
      .returning();
    const inbound = (iso: string) => ({
      conversationId: conv!.id,
      contactId: contactId!,
      channelId: sms.id,
      direction: 'in' as const,
      senderType: 'contact' as const,
      text: 'hi',
      status: 'received' as const,
      createdAt: at(iso),
      sentAt: at(iso),
    });
    await db.insert(messages).values([
      inbound('2026-03-08T04:30:00Z'), // 23:30 on 7 March, EST
      inbound('2026-03-08T06:00:00Z'), // 01:00 on 8 March, EST
      inbound('2026-03-09T03:30:00Z'), // 23:30 on 8 March, EDT (a fixed −5 offset would call it 22:30: same day)
      inbound('2026-03-09T04:30:00Z'), // 00:30 on 9 March, EDT (a fixed −5 offset would put it on 8 March)
    ]);
  });
  afterAll(() => database.drop());

  it('starts each day at local midnight, the 23-hour day included, and counts every message in its local day', async () => {
    const { points } = await reportTimeseries(database.db, { ...range, metric: 'volume', interval: 'day', timeZone });
    expect(points).toEqual([
      { at: '2026-03-07T05:00:00.000Z', channel: 'sms', value: 1 },
      { at: '2026-03-08T05:00:00.000Z', channel: 'sms', value: 2 },
      { at: '2026-03-09T04:00:00.000Z', channel: 'sms', value: 1 },
      { at: '2026-03-10T04:00:00.000Z', channel: 'sms', value: 0 },
    ]);
  });

  it('fills the days without conversations with zeros in a duration series, each counting none', async () => {
    const { points } = await reportTimeseries(database.db, { ...range, metric: 'first_response', interval: 'day', timeZone });
    expect(points).toEqual([
      { at: '2026-03-07T05:00:00.000Z', value: 0, p90: 0, count: 0 },
      { at: '2026-03-08T05:00:00.000Z', value: 0, p90: 0, count: 0 },
      { at: '2026-03-09T04:00:00.000Z', value: 120, p90: 120, count: 1 },
      { at: '2026-03-10T04:00:00.000Z', value: 0, p90: 0, count: 0 },
    ]);
  });

  it('starts weeks on the local Monday', async () => {
    const { points } = await reportTimeseries(database.db, { ...range, metric: 'volume', interval: 'week', timeZone });
    // Monday 2 March 00:00 EST and Monday 9 March 00:00 EDT.
    expect(points).toEqual([
      { at: '2026-03-02T05:00:00.000Z', channel: 'sms', value: 3 },
      { at: '2026-03-09T04:00:00.000Z', channel: 'sms', value: 1 },
    ]);
  });
});
