// Telegram long polling into the real ingest service: a getUpdates page is stored in one commit with the offset.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import type { Channel } from '../../connectors/channel.ts';
import { telegramDriver } from '../../connectors/telegram/index.ts';
import { FakeBotApi } from '../../connectors/telegram/testing/fake-bot-api.ts';
import { textMessage } from '../../connectors/telegram/testing/updates.ts';
import { makeChannelContext, type TestContext } from '../../connectors/testing/make-channel-context.ts';
import { channelSink } from '../../server/channels/channel-sink.ts';
import { channelStateStore } from '../../server/channels/channel-state-store.ts';
import { rowsOf } from '../../server/db/client.ts';
import { channelState, messages } from '../../server/db/schema/index.ts';
import { eventually } from '../support/api-channel.ts';
import { ingestDeps, insertChannel } from '../support/fixtures.ts';
import { refuseWrites } from '../support/refuse-writes.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

describe('Telegram getUpdates pages into the ingest service', () => {
  let database: TestDatabase;
  let bot: FakeBotApi;
  let channel: Channel | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await channel?.stop?.();
    await bot?.close();
  });
  afterAll(async () => {
    await database.drop();
  });

  /** How many transactions wrote the channel's messages, and whether the offset was written by the same one. */
  async function writers(channelId: string) {
    const [row] = rowsOf<{ messages: number; offset_with_them: boolean }>(
      await database.db.execute(sql`
      select count(distinct m.xmin::text)::int as messages,
             bool_and(m.xmin::text = (select s.xmin::text from channel_state s where s.channel_id = ${channelId} and s.key = 'telegram:offset')) as offset_with_them
      from messages m where m.channel_id = ${channelId}`),
    );
    return { messages: row!.messages, offsetWithThem: row!.offset_with_them };
  }

  async function pollingChannel() {
    bot = await new FakeBotApi().start();
    const row = await insertChannel(database, 'telegram');
    const ctx: TestContext<unknown> = makeChannelContext('telegram', { botToken: bot.token, apiRoot: bot.apiRoot, pollTimeoutSec: 1 }, { channelId: row.id });
    ctx.sink = channelSink(ingestDeps(database), row);
    ctx.state = channelStateStore(database.db, row.id);
    channel = telegramDriver.create(ctx as never);
    const texts = async () => (await database.db.select({ text: messages.text }).from(messages).where(eq(messages.channelId, row.id)).orderBy(messages.seq)).map((m) => m.text);
    const offset = async () =>
      (
        await database.db
          .select({ value: channelState.value })
          .from(channelState)
          .where(and(eq(channelState.channelId, row.id), eq(channelState.key, 'telegram:offset')))
      )[0]?.value;
    return { ctx, row, texts, offset };
  }

  it('stores a page of updates and its offset in one commit: a failed commit keeps neither, the retry stores each once', async () => {
    const { ctx, row, texts, offset } = await pollingChannel();
    const words = ['bir', 'iki', 'üç', 'dört', 'beş'];
    const pushed = words.map((text) => bot.pushUpdate({ message: textMessage(text) }));
    // The offset is the page's last write: refused there, after every message of the page was written.
    const refusal = await refuseWrites(database, 'channel_state', `new.key = 'telegram:offset'`);
    await channel!.start!();
    await eventually(() => ctx.healthLog.some((h) => h.state === 'error' && h.lastError?.includes('channel_state')));
    expect(await texts()).toEqual([]);
    expect(await offset()).toBeUndefined();

    await refusal.lift();
    await eventually(async () => (await offset()) === pushed.at(-1)!.update_id + 1);
    expect(await texts()).toEqual(words);
    // One commit: the five messages and the offset were written by one transaction.
    expect(await writers(row.id)).toEqual({ messages: 1, offsetWithThem: true });
    expect(bot.callsOf('getUpdates').every((c) => c.params.offset === 0 || c.params.offset === pushed.at(-1)!.update_id + 1)).toBe(true);
  });

  it('stores the neighbours of an update the database refuses at once, and moves the offset past it only once it is stored', async () => {
    const { texts, offset } = await pollingChannel();
    const refusal = await refuseWrites(database, 'messages', `new.text = 'zehir'`);
    const pushed = ['önce', 'zehir', 'sonra 1', 'sonra 2'].map((text) => bot.pushUpdate({ message: textMessage(text) }));
    await channel!.start!();
    await eventually(async () => (await texts()).length === 3);
    expect(await texts()).toEqual(['önce', 'sonra 1', 'sonra 2']);
    // The poisoned update is retried from the committed offset, which stays on it.
    expect(await offset()).toBe(pushed[1]!.update_id);

    await refusal.lift();
    await eventually(async () => (await offset()) === pushed.at(-1)!.update_id + 1, 15_000);
    expect(await texts()).toEqual(['önce', 'sonra 1', 'sonra 2', 'zehir']);
  });
});
