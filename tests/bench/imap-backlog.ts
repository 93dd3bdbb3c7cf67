// `bun tests/bench/imap-backlog.ts`: how fast an IMAP backlog (BENCH_IMAP messages, default 500, in Dovecot) is imported
// through the email connector and the real ingest service. PGlite by default; DATABASE_URL uses that server.
import { and, eq } from 'drizzle-orm';
import { createEmailChannel } from '../../connectors/email/email-channel.ts';
import { startDovecot } from '../../connectors/email/testing/dovecot.ts';
import { emailTestConfig, emailTestContext } from '../../connectors/email/testing/email-test-context.ts';
import { openAppender } from '../../connectors/email/testing/imap-appender.ts';
import { simpleMail } from '../../connectors/email/testing/mail-fixtures.ts';
import { channelSink } from '../../server/channels/channel-sink.ts';
import { channelStateStore } from '../../server/channels/channel-state-store.ts';
import { channelState } from '../../server/db/schema/index.ts';
import { ingestDeps, insertChannel } from '../support/fixtures.ts';
import { createTestDatabase } from '../support/test-db.ts';

const COUNT = Number(process.env.BENCH_IMAP ?? 500);
const dovecot = await startDovecot();
const appender = await openAppender(dovecot);
for (let i = 1; i <= COUNT; i++) await appender.append(simpleMail(`backlog-${i}@x`, `Merhaba, siparişim ${i} nerede?`).replace(/^From: .*$/m, `From: <customer-${i % 50}@customer.example>`));
const database = await createTestDatabase();
const row = await insertChannel(database, 'email');
const { ctx } = emailTestContext(emailTestConfig(dovecot, { host: '127.0.0.1', port: 9 }), channelSink(ingestDeps(database), row), channelStateStore(database.db, row.id));
const channel = createEmailChannel(ctx);
const began = performance.now();
await channel.start!();
for (;;) {
  const [state] = await database.db
    .select({ value: channelState.value })
    .from(channelState)
    .where(and(eq(channelState.channelId, row.id), eq(channelState.key, 'imap:INBOX')));
  if ((state?.value as { lastUid?: number } | undefined)?.lastUid === COUNT) break;
  await new Promise((r) => setTimeout(r, 20));
}
const seconds = (performance.now() - began) / 1000;
console.log(`imap_backlog_messages_per_s: ${Math.round(COUNT / seconds)} msg/s (${COUNT} messages in ${seconds.toFixed(2)} s, ${database.url ? 'Postgres' : 'PGlite'})`);
await channel.stop!();
await appender.close();
await dovecot.stop();
await database.drop();
process.exit(0);
