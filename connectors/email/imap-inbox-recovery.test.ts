import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryState } from '../testing/memory-sink.ts';
import { createEmailChannel } from './email-channel.ts';
import { hasDovecot, startDovecot, type DovecotServer } from './testing/dovecot.ts';
import { CommittingSink, emailTestConfig, emailTestContext } from './testing/email-test-context.ts';
import { eventually } from './testing/eventually.ts';
import { openAppender } from './testing/imap-appender.ts';
import { composeMail, simpleMail } from './testing/mail-fixtures.ts';

const noSmtp = { host: '127.0.0.1', port: 9 };
const timings = { backoff: { minMs: 50, maxMs: 400 } };

describe.skipIf(!hasDovecot())('IMAP inbox modes and recovery', () => {
  let dovecot: DovecotServer;
  let noIdle: DovecotServer;

  beforeAll(async () => {
    [dovecot, noIdle] = await Promise.all([startDovecot(), startDovecot({ idle: false })]);
  });
  afterAll(async () => {
    await Promise.all([dovecot?.stop(), noIdle?.stop()]);
  });

  it('polls on its interval when the server has no IDLE', async () => {
    const state = new MemoryState();
    const sink = new CommittingSink(state);
    const config = emailTestConfig(noIdle, noSmtp);
    config.imap.pollIntervalMs = 200;
    const { ctx, health } = emailTestContext(config, sink, state);
    const channel = createEmailChannel(ctx, timings);
    await channel.start!();
    await eventually(() => health.some((h) => h.state === 'connected'));
    const appender = await openAppender(noIdle);
    await appender.append(simpleMail('poll-1@x', 'found by polling'));
    await appender.close();
    await sink.until((s) => s.messages.length === 1, 5_000);
    await channel.stop!();
    expect(sink.messages[0].text).toBe('found by polling');
    expect(health.find((h) => h.state === 'connected')?.details).toMatchObject({ idle: false });
  });

  it('keeps a message whose commit failed and delivers it after reconnecting', async () => {
    const appender = await openAppender(dovecot);
    await appender.append(simpleMail('commit-1@x', 'first'));
    await appender.append(simpleMail('commit-2@x', 'second'));
    await appender.close();
    const state = new MemoryState();
    const sink = new CommittingSink(state);
    sink.failNext = new Error('database unavailable');
    const { ctx, health } = emailTestContext(emailTestConfig(dovecot, noSmtp), sink, state);
    const channel = createEmailChannel(ctx, timings);
    await channel.start!();
    await sink.until((s) => s.messages.length === 2);
    await channel.stop!();
    expect(sink.messages.map((m) => m.idempotencyKey)).toEqual(['<commit-1@x>', '<commit-2@x>']);
    // The page's commit failed as a whole: the same page was handed over again, nothing of it kept in between.
    expect(sink.pages.map((page) => page.map((m) => m.idempotencyKey))).toEqual([
      ['<commit-1@x>', '<commit-2@x>'],
      ['<commit-1@x>', '<commit-2@x>'],
    ]);
    expect(health).toContainEqual(expect.objectContaining({ state: 'disconnected', lastError: 'database unavailable' }));
    expect(health.at(-1)).toMatchObject({ state: 'stopped', details: { lastUid: 2 } });
  });

  it('ends its loop when the context signal aborts', async () => {
    const state = new MemoryState();
    const sink = new CommittingSink(state);
    const abort = new AbortController();
    const { ctx, health } = emailTestContext(emailTestConfig(dovecot, noSmtp), sink, state, abort.signal);
    const channel = createEmailChannel(ctx, timings);
    await channel.start!();
    await eventually(() => health.some((h) => h.lastSyncAt !== undefined));
    abort.abort();
    await eventually(() => health.at(-1)?.state === 'stopped', 5_000);
    const calls = sink.calls.length;
    const appender = await openAppender(dovecot);
    await appender.append(simpleMail('after-abort@x', 'nobody listens'));
    await appender.close();
    await new Promise((r) => setTimeout(r, 500));
    expect(sink.calls.length).toBe(calls);
  });

  it('can be stopped and started again, resuming from the committed checkpoint', async () => {
    const appender = await openAppender(dovecot);
    const state = new MemoryState();
    const sink = new CommittingSink(state);
    const channel = createEmailChannel(emailTestContext(emailTestConfig(dovecot, noSmtp), sink, state).ctx, timings);
    await channel.start!();
    await appender.append(simpleMail('again-1@x', 'before the pause'));
    await sink.until((s) => s.calls.some((m) => m.idempotencyKey === '<again-1@x>'));
    await channel.stop!();
    await appender.append(simpleMail('again-2@x', 'during the pause'));
    await channel.start!();
    await sink.until((s) => s.calls.some((m) => m.idempotencyKey === '<again-2@x>'));
    await channel.stop!();
    await appender.close();
    const keys = sink.calls.map((m) => m.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('fetches only the head of a message over the size cap and still delivers it and the next one', async () => {
    const appender = await openAppender(dovecot);
    await appender.append(
      await composeMail({
        from: 'big@customer.example',
        to: 'support@shop.example',
        messageId: '<capped@x>',
        text: 'see the scan',
        attachments: [{ filename: 'scan.pdf', content: Buffer.alloc(300_000, 1), contentType: 'application/pdf' }],
      }),
    );
    await appender.append(simpleMail('after-capped@x', 'small one'));
    await appender.close();
    const state = new MemoryState();
    const sink = new CommittingSink(state);
    const channel = createEmailChannel(emailTestContext(emailTestConfig(dovecot, noSmtp), sink, state).ctx, { ...timings, maxMessageBytes: 100_000 });
    await channel.start!();
    await sink.until((s) => s.calls.some((m) => m.idempotencyKey === '<after-capped@x>'));
    await channel.stop!();
    const capped = sink.messages.find((m) => m.idempotencyKey === '<capped@x>')!;
    expect(capped.text).toBe('see the scan');
    expect(capped.attachments).toEqual([expect.objectContaining({ filename: 'scan.pdf', refused: { reason: expect.stringContaining('too large') } })]);
    expect(capped.attachments![0].content).toBeUndefined();
    expect((capped.metadata?.truncated as { size: number }).size).toBeGreaterThan(400_000);
    expect(capped.raw!.length).toBeLessThanOrEqual(100_000);
  });

  it('reports a refused login as an error and keeps retrying with backoff', async () => {
    const state = new MemoryState();
    const sink = new CommittingSink(state);
    const { ctx, health } = emailTestContext(emailTestConfig({ ...dovecot, password: 'wrong' }, noSmtp), sink, state);
    const channel = createEmailChannel(ctx, timings);
    await channel.start!();
    await eventually(() => health.filter((h) => h.state === 'disconnected').length >= 2, 10_000);
    await channel.stop!();
    expect(health.find((h) => h.state === 'disconnected')?.lastError).toMatch(/auth/i);
  });
});
