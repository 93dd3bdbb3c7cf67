import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../tests/support/test-db.ts';
import { insertChannel } from '../../tests/support/fixtures.ts';
import { rowsOf } from '../db/client.ts';
import { channels } from '../db/schema/index.ts';
import { HealthWriter } from './health-writer.ts';

describe('channel health', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  const events = async (channelId: string) =>
    Number(rowsOf<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from domain_events where type = 'channel.updated' and payload->>'channelId' = ${channelId}`))[0]!.n);
  /** The writer writes without being awaited: its row and event are waited for, generously for a loaded machine. */
  const settles = { timeout: 15_000, interval: 20 };
  const healthOf = async (channelId: string) => (await database.db.select().from(channels).where(eq(channels.id, channelId)))[0]!.health;

  it('writes a state change at once, and folds a stream of per-message timestamps into one later write without events', async () => {
    const channel = await insertChannel(database, 'api');
    const writer = new HealthWriter(
      database,
      (e) => {
        throw e;
      },
      60_000,
    );
    writer.report(channel.id, { state: 'connected', lastEventAt: 't0' });
    await vi.waitFor(async () => expect(await healthOf(channel.id)).toMatchObject({ state: 'connected', lastEventAt: 't0' }), settles);
    await vi.waitFor(async () => expect(await events(channel.id)).toBe(1), settles);
    for (let i = 1; i <= 50; i++) writer.report(channel.id, { state: 'connected', lastEventAt: `t${i}` });
    expect(await events(channel.id)).toBe(1);
    await writer.forget(channel.id);
    expect(await healthOf(channel.id)).toMatchObject({ state: 'connected', lastEventAt: 't50' });
    expect(await events(channel.id)).toBe(1);
  });

  it('writes a new error or pairing code at once', async () => {
    const channel = await insertChannel(database, 'whatsapp');
    const writer = new HealthWriter(
      database,
      (e) => {
        throw e;
      },
      60_000,
    );
    writer.report(channel.id, { state: 'pairing', details: { qr: 'qr-1' } });
    writer.report(channel.id, { details: { qr: 'qr-2' } });
    writer.report(channel.id, { lastError: 'connection closed' });
    await vi.waitFor(async () => expect(await healthOf(channel.id)).toMatchObject({ state: 'pairing', details: { qr: 'qr-2' }, lastError: 'connection closed' }), settles);
    // Written without waiting out the (60 s) delay; changes reported back to back may share one write and event.
    await vi.waitFor(async () => expect([1, 2, 3]).toContain(await events(channel.id)), settles);
  });
});
