import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryState } from '../testing/memory-sink.ts';
import { createEmailChannel } from './email-channel.ts';
import { hasDovecot, startDovecot, type DovecotServer } from './testing/dovecot.ts';
import { CommittingSink, emailTestConfig, emailTestContext } from './testing/email-test-context.ts';
import { openAppender } from './testing/imap-appender.ts';
import { simpleMail } from './testing/mail-fixtures.ts';
import { startTcpProxy, type TcpProxy } from './testing/tcp-proxy.ts';

const noSmtp = { host: '127.0.0.1', port: 9 };
const timings = { backoff: { minMs: 50, maxMs: 400 } };

describe.skipIf(!hasDovecot())('IMAP inbox sync against Dovecot', () => {
  let dovecot: DovecotServer;
  let proxy: TcpProxy;
  let appender: Awaited<ReturnType<typeof openAppender>>;

  beforeAll(async () => {
    dovecot = await startDovecot();
    proxy = await startTcpProxy(dovecot.port);
    appender = await openAppender(dovecot);
  });
  afterAll(async () => {
    await appender?.close();
    await proxy?.close();
    await dovecot?.stop();
  });

  it('receives 500 mails appended while running exactly once, across a dropped connection and a restart', async () => {
    const state = new MemoryState();
    const sink = new CommittingSink(state);
    const config = emailTestConfig({ ...dovecot, port: proxy.port }, noSmtp);
    const first = emailTestContext(config, sink, state);
    const channel = createEmailChannel(first.ctx, timings);
    await channel.start!();

    const appending = (async () => {
      for (let i = 1; i <= 500; i++) await appender.append(simpleMail(`bulk-${i}@customer.example`, `Message number ${i}`));
    })();

    await sink.until((s) => s.messages.length >= 150);
    expect(proxy.dropAll()).toBeGreaterThan(0);
    await sink.until((s) => s.messages.length >= 300);
    await channel.stop!();
    const afterStop = sink.calls.length;
    await appending;
    expect(sink.calls.length).toBe(afterStop);

    const second = emailTestContext(config, sink, state);
    const restarted = createEmailChannel(second.ctx, timings);
    await restarted.start!();
    await sink.until((s) => s.messages.length >= 500);
    await restarted.stop!();

    const keys = sink.messages.map((m) => m.idempotencyKey);
    expect(new Set(keys).size).toBe(500);
    for (let i = 1; i <= 500; i++) expect(keys).toContain(`<bulk-${i}@customer.example>`);
    // The checkpoint moved with every commit, so neither the drop nor the restart re-read anything.
    expect(sink.calls.length).toBe(500);
    expect(await state.get('imap:INBOX')).toMatchObject({ lastUid: 500 });
    expect(first.health.some((h) => h.state === 'disconnected')).toBe(true);
    // Woken by IDLE: the periodic resync is minutes away, so arrival within the test proves the push path.
    expect(first.health.find((h) => h.state === 'connected')?.details).toMatchObject({ idle: true });
    expect(second.health.at(-1)).toMatchObject({ state: 'stopped', details: { lastUid: 500 } });
  });

  it('resyncs when UIDVALIDITY changes, and idempotency absorbs the repeats', async () => {
    await appender.client.mailboxCreate('Support');
    for (let i = 1; i <= 3; i++) await appender.append(simpleMail(`uv-${i}@customer.example`, `uv ${i}`), 'Support');
    const state = new MemoryState();
    const sink = new CommittingSink(state);
    const config = emailTestConfig(dovecot, noSmtp, {});
    config.imap.mailbox = 'Support';
    const channel = createEmailChannel(emailTestContext(config, sink, state).ctx, timings);
    await channel.start!();
    await sink.until((s) => s.messages.length === 3);
    await channel.stop!();
    const before = (await state.get<{ uidValidity: string }>('imap:Support'))!;

    // Recreating the mailbox gives it a new UIDVALIDITY; the old mails come back with new UIDs.
    await appender.client.mailboxDelete('Support');
    await new Promise((r) => setTimeout(r, 1100));
    await appender.client.mailboxCreate('Support');
    for (let i = 1; i <= 4; i++) await appender.append(simpleMail(`uv-${i}@customer.example`, `uv ${i}`), 'Support');
    const again = createEmailChannel(emailTestContext(config, sink, state).ctx, timings);
    await again.start!();
    await sink.until((s) => s.calls.length === 7);
    await again.stop!();

    expect(sink.messages.map((m) => m.idempotencyKey)).toEqual([1, 2, 3, 4].map((i) => `<uv-${i}@customer.example>`));
    const after = (await state.get<{ uidValidity: string; lastUid: number }>('imap:Support'))!;
    expect(after.uidValidity).not.toBe(before.uidValidity);
    expect(after.lastUid).toBe(4);
  });

  it('reads a new UIDVALIDITY generation from the last stored mail’s day, not old mail the import window left out', async () => {
    const years = new Date('2021-05-04T09:00:00Z');
    const mails = { old: simpleMail('gen-old@customer.example', 'from 2021'), kept: simpleMail('gen-kept@customer.example', 'this week') };
    await appender.client.mailboxCreate('Generations');
    await appender.append(mails.old, 'Generations', years);
    await appender.append(mails.kept, 'Generations');
    const state = new MemoryState();
    const sink = new CommittingSink(state);
    const config = emailTestConfig(dovecot, noSmtp, {}, { importDays: 30 });
    config.imap.mailbox = 'Generations';
    const channel = createEmailChannel(emailTestContext(config, sink, state).ctx, timings);
    await channel.start!();
    await sink.until((s) => s.messages.length === 1);
    await channel.stop!();
    expect((await state.get<{ lastAt?: string }>('imap:Generations'))?.lastAt).toEqual(expect.any(String));

    // Migrated to a new server: the same mail under new UIDs, and one that arrived meanwhile.
    await appender.client.mailboxDelete('Generations');
    await new Promise((r) => setTimeout(r, 1100));
    await appender.client.mailboxCreate('Generations');
    await appender.append(mails.old, 'Generations', years);
    await appender.append(mails.kept, 'Generations');
    await appender.append(simpleMail('gen-new@customer.example', 'arrived meanwhile'), 'Generations');
    const again = createEmailChannel(emailTestContext(config, sink, state).ctx, timings);
    await again.start!();
    await sink.until((s) => s.messages.length === 2);
    await again.stop!();

    expect(sink.messages.map((m) => m.idempotencyKey)).toEqual(['<gen-kept@customer.example>', '<gen-new@customer.example>']);
    // Only this week's mail was read again (and found stored); the 2021 mail was not fetched at all.
    expect(sink.calls.map((m) => m.idempotencyKey)).toEqual(['<gen-kept@customer.example>', '<gen-kept@customer.example>', '<gen-new@customer.example>']);
  });
});
