import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../tests/support/test-db.ts';
import { inbound, ingestDeps, insertChannel } from '../../tests/support/fixtures.ts';
import type { PageItem } from '../../connectors/channel.ts';
import { channelState, domainEvents, messages } from '../db/schema/index.ts';
import { ingestPage } from './ingest-page.ts';

const cursor = (lastUid: number) => ({ key: 'imap:INBOX', value: { uidValidity: '7', lastUid } });
const from = (value: string) => ({ identities: [{ kind: 'email' as const, value }] });
/** A page of mail from a few senders, message i carrying the checkpoint after it. */
const pageOf = (prefix: string, n: number): PageItem[] =>
  Array.from({ length: n }, (_, i) => ({
    message: inbound({ idempotencyKey: `<${prefix}-${i + 1}@x>`, from: from(`sender-${i % 3}@customer.example`), text: `message ${i + 1}` }),
    checkpoint: cursor(i + 1),
  }));

describe('a pulled page in one commit with its checkpoint', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  const stored = async (channelId: string) => (await database.db.select({ key: messages.idempotencyKey }).from(messages).where(eq(messages.channelId, channelId))).map((m) => m.key).sort();
  const checkpointOf = async (channelId: string) =>
    (
      await database.db
        .select({ value: channelState.value })
        .from(channelState)
        .where(and(eq(channelState.channelId, channelId), eq(channelState.key, 'imap:INBOX')))
    )[0]?.value;

  it('stores every message of the page and the checkpoint after it together, and a page read again stores nothing twice', async () => {
    const channel = await insertChannel(database, 'email');
    const deps = ingestDeps(database);
    const page = pageOf('p', 20);
    const receipt = await ingestPage(deps, channel, page);
    expect(receipt.committed).toBe(20);
    expect(receipt.outcomes.map((o) => o.result?.created)).toEqual(Array(20).fill(true));
    expect(await stored(channel.id)).toHaveLength(20);
    expect(await checkpointOf(channel.id)).toEqual({ uidValidity: '7', lastUid: 20 });
    // Three senders, three contacts and conversations: the page went through the one inbound path.
    expect(new Set(receipt.outcomes.map((o) => o.result!.contactId)).size).toBe(3);
    const received = await database.db
      .select()
      .from(domainEvents)
      .where(
        and(
          eq(domainEvents.type, 'message.received'),
          inArray(
            domainEvents.messageId,
            receipt.outcomes.map((o) => o.result!.messageId),
          ),
        ),
      );
    expect(received).toHaveLength(20);

    const again = await ingestPage(deps, channel, page);
    expect(again).toEqual({ committed: 20, outcomes: receipt.outcomes.map((o) => ({ result: { ...o.result, created: false } })) });
    expect(await stored(channel.id)).toHaveLength(20);
  });

  it('keeps neither the messages nor the checkpoint when the commit fails after the page was written, and stores each once on retry', async () => {
    const channel = await insertChannel(database, 'email');
    const deps = ingestDeps(database);
    const page = pageOf('crash', 10);
    // The checkpoint is the last write before COMMIT; a value Postgres refuses fails the transaction right there.
    const failing = page.map((item, i) => (i === 9 ? { ...item, checkpoint: { key: 'imap:INBOX', value: { lastUid: 'unstorable \u0000' } } } : item));
    await expect(ingestPage(deps, channel, failing)).rejects.toThrow();
    expect(await stored(channel.id)).toEqual([]);
    expect(await checkpointOf(channel.id)).toBeUndefined();

    const receipt = await ingestPage(deps, channel, page);
    expect(receipt.committed).toBe(10);
    expect(await stored(channel.id)).toEqual(page.map((i) => i.message!.idempotencyKey).sort());
    expect(await checkpointOf(channel.id)).toEqual({ uidValidity: '7', lastUid: 10 });
  });

  it('stores the neighbours of a message the database refuses, and keeps the checkpoint before it', async () => {
    const channel = await insertChannel(database, 'email');
    const deps = ingestDeps(database);
    const page = pageOf('poison', 5);
    // A Message-ID too long for its index: Postgres refuses the row whatever the transaction.
    page[2]!.message!.threading = { messageId: `<${randomBytes(6000).toString('base64')}@x>` };
    const receipt = await ingestPage(deps, channel, page);
    expect(receipt.committed).toBe(2);
    expect(receipt.outcomes.map((o) => ('error' in o ? 'refused' : o.result!.created))).toEqual([true, true, 'refused', true, true]);
    expect(await stored(channel.id)).toEqual(['<poison-1@x>', '<poison-2@x>', '<poison-4@x>', '<poison-5@x>']);
    expect(await checkpointOf(channel.id)).toEqual({ uidValidity: '7', lastUid: 2 });

    // Once the connector dealt with it (here: the sender fixed it), the rest of the page moves the checkpoint to its end.
    page[2]!.message!.threading = { messageId: '<poison-3@x>' };
    const rest = await ingestPage(deps, channel, page.slice(2));
    expect(rest.outcomes.map((o) => o.result!.created)).toEqual([true, false, false]);
    expect(await stored(channel.id)).toHaveLength(5);
    expect(await checkpointOf(channel.id)).toEqual({ uidValidity: '7', lastUid: 5 });
  });

  it('refuses a message with no usable sender where it stands and moves the checkpoint over items with no message', async () => {
    const channel = await insertChannel(database, 'telegram');
    const deps = ingestDeps(database);
    const offset = (value: number) => ({ key: 'telegram:offset', value });
    const receipt = await ingestPage(deps, channel, [
      { message: inbound({ idempotencyKey: 'tg-1', from: { identities: [{ kind: 'telegram', value: '42' }] } }), checkpoint: offset(11) },
      { checkpoint: offset(12) },
      { message: inbound({ idempotencyKey: 'tg-3', from: { identities: [] } }), checkpoint: offset(13) },
    ]);
    expect(receipt.committed).toBe(2);
    expect(receipt.outcomes[2]).toMatchObject({ error: expect.objectContaining({ code: 'invalid_sender' }) });
    const [state] = await database.db.select().from(channelState).where(eq(channelState.channelId, channel.id));
    expect(state).toMatchObject({ key: 'telegram:offset', value: 12 });
  });
});
