// An IMAP backlog into the real ingest service, against Dovecot: chunks of 100 mails, each stored in one commit with the UID checkpoint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { createEmailChannel } from '../../connectors/email/email-channel.ts';
import { hasDovecot, startDovecot, type DovecotServer } from '../../connectors/email/testing/dovecot.ts';
import { emailTestConfig, emailTestContext } from '../../connectors/email/testing/email-test-context.ts';
import { openAppender } from '../../connectors/email/testing/imap-appender.ts';
import { composeMail, simpleMail } from '../../connectors/email/testing/mail-fixtures.ts';
import { channelSink } from '../../server/channels/channel-sink.ts';
import { channelStateStore } from '../../server/channels/channel-state-store.ts';
import { rowsOf } from '../../server/db/client.ts';
import { attachments, channelState, messages } from '../../server/db/schema/index.ts';
import { loadConfig, type S3StorageConfig } from '../../server/config.ts';
import { S3Storage } from '../../server/files/s3-storage.ts';
import { startFakeS3 } from '../support/fake-s3.ts';
import { eventually } from '../support/api-channel.ts';
import { ingestDeps, insertChannel } from '../support/fixtures.ts';
import { refuseWrites } from '../support/refuse-writes.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const noSmtp = { host: '127.0.0.1', port: 9 };

describe.runIf(hasDovecot())('an IMAP backlog into the ingest service, a page at a time', () => {
  let database: TestDatabase;
  let dovecot: DovecotServer;
  let appender: Awaited<ReturnType<typeof openAppender>>;
  beforeAll(async () => {
    database = await createTestDatabase();
    dovecot = await startDovecot();
    appender = await openAppender(dovecot);
  }, 60_000);
  afterAll(async () => {
    await appender?.close();
    await dovecot?.stop();
    await database?.drop();
  });

  /** A channel on its own mailbox, holding `count` mails before it starts; `text(i)` is mail i's body. */
  async function backlog(mailbox: string, count: number, text = (i: number) => `message ${i}`) {
    await appender.client.mailboxCreate(mailbox);
    for (let i = 1; i <= count; i++) await appender.append(simpleMail(`${mailbox}-${i}@x`, text(i)), mailbox);
    const row = await insertChannel(database, 'email');
    const { ctx, health } = emailTestContext(emailTestConfig(dovecot, noSmtp, {}, { mailbox }), channelSink(ingestDeps(database), row), channelStateStore(database.db, row.id));
    const channel = createEmailChannel(ctx, { backoff: { minMs: 20, maxMs: 100 }, poisonAttempts: 1_000 });
    const keys = async () => (await database.db.select({ key: messages.idempotencyKey }).from(messages).where(eq(messages.channelId, row.id)).orderBy(messages.seq)).map((m) => m.key);
    const lastUid = async () =>
      (
        (
          await database.db
            .select({ value: channelState.value })
            .from(channelState)
            .where(and(eq(channelState.channelId, row.id), eq(channelState.key, `imap:${mailbox}`)))
        )[0]?.value as { lastUid: number } | undefined
      )?.lastUid;
    /** The transactions that wrote the channel's messages, and whether the last one also wrote the checkpoint. */
    const writers = async () => {
      const [w] = rowsOf<{ transactions: number; checkpoint_with_last: boolean }>(
        await database.db.execute(sql`
          select count(distinct xmin::text)::int as transactions,
                 (select s.xmin::text from channel_state s where s.channel_id = ${row.id} and s.key = ${`imap:${mailbox}`})
                   = (select m.xmin::text from messages m where m.channel_id = ${row.id} order by m.seq desc limit 1) as checkpoint_with_last
          from messages where channel_id = ${row.id}`),
      );
      return { transactions: w!.transactions, checkpointWithLast: w!.checkpoint_with_last };
    };
    const key = (i: number) => `<${mailbox}-${i}@x>`;
    return { channel, health, keys, lastUid, writers, key };
  }

  it('imports 150 mails in two commits of up to 100 with the checkpoint; a failed commit keeps neither, the retry stores each once', async () => {
    const { channel, health, keys, lastUid, writers, key } = await backlog('Backlog', 150);
    // The checkpoint is the page's last write: refused there, after all 100 messages of the first page were written.
    const refusal = await refuseWrites(database, 'channel_state', `new.key = 'imap:Backlog'`);
    await channel.start!();
    await eventually(() => health.some((h) => h.state === 'disconnected' && h.lastError?.includes('channel_state')), 20_000);
    expect(await keys()).toEqual([]);
    expect(await lastUid()).toBeUndefined();

    await refusal.lift();
    await eventually(async () => (await lastUid()) === 150, 30_000);
    await channel.stop!();
    expect(await keys()).toEqual(Array.from({ length: 150 }, (_, i) => key(i + 1)));
    expect(await writers()).toEqual({ transactions: 2, checkpointWithLast: true });
  }, 60_000);

  it('stores the neighbours of a mail the database refuses at once, and keeps the checkpoint before it until it is stored', async () => {
    const { channel, keys, lastUid, key } = await backlog('Poison', 5, (i) => (i === 3 ? 'zehir' : `message ${i}`));
    const refusal = await refuseWrites(database, 'messages', `new.text like 'zehir%'`);
    await channel.start!();
    await eventually(async () => (await keys()).length === 4, 20_000);
    expect(await keys()).toEqual([1, 2, 4, 5].map(key));
    // Tried again and again alone; the cursor stays below it.
    expect(await lastUid()).toBe(2);

    await refusal.lift();
    await eventually(async () => (await lastUid()) === 5, 20_000);
    await channel.stop!();
    expect(await keys()).toEqual([1, 2, 4, 5, 3].map(key));
  }, 60_000);

  it('keeps the attachment of a mail that came while the file store was failing: retried until it is back, never simplified', async () => {
    const store = startFakeS3();
    try {
      const storage = new S3Storage(loadConfig({ ULAK_SECRET_KEY: 'ab'.repeat(32), ULAK_DATA_DIR: '/nonexistent/ulak-s3-test', ...store.env() }).storage as S3StorageConfig);
      const invoice = Buffer.alloc(500, 7);
      await appender.client.mailboxCreate('StoreDown');
      await appender.append(
        await composeMail({
          from: 'ayse@customer.example',
          to: 'support@shop.example',
          subject: 'Fatura',
          messageId: '<invoice@x>',
          text: 'fatura ekte',
          attachments: [{ filename: 'fatura.pdf', content: invoice, contentType: 'application/pdf' }],
        }),
        'StoreDown',
      );
      // Far more failed writes than the tries a mail the database refuses gets before it is simplified.
      store.failWrites(10);
      const row = await insertChannel(database, 'email');
      const { ctx } = emailTestContext(emailTestConfig(dovecot, noSmtp, {}, { mailbox: 'StoreDown' }), channelSink(ingestDeps(database, { storage }), row), channelStateStore(database.db, row.id));
      const channel = createEmailChannel(ctx, { backoff: { minMs: 20, maxMs: 100 } });
      await channel.start!();
      const stored = () => database.db.select({ id: messages.id, metadata: messages.metadata }).from(messages).where(eq(messages.channelId, row.id));
      await eventually(async () => (await stored()).length === 1, 30_000);
      await channel.stop!();

      const [message] = await stored();
      expect(message!.metadata.ingestFallback).toBeUndefined();
      const files = await database.db.select({ filename: attachments.filename, storageKey: attachments.storageKey }).from(attachments).where(eq(attachments.messageId, message!.id));
      expect(files.map((f) => f.filename)).toEqual(['fatura.pdf']);
      expect(await storage.get(files[0]!.storageKey!)).toEqual(new Uint8Array(invoice));
      expect(store.requests.filter((r) => r.method === 'PUT' && r.status >= 500)).toHaveLength(10);
    } finally {
      store.stop();
    }
  }, 60_000);
});
