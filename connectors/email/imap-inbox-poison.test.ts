import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryState, type MemorySink } from '../testing/memory-sink.ts';
import { createEmailChannel, type EmailTuning } from './email-channel.ts';
import { hasDovecot, startDovecot, type DovecotServer } from './testing/dovecot.ts';
import { CommittingSink, emailTestConfig, emailTestContext } from './testing/email-test-context.ts';
import { eventually } from './testing/eventually.ts';
import { openAppender } from './testing/imap-appender.ts';
import { composeMail, simpleMail } from './testing/mail-fixtures.ts';

const noSmtp = { host: '127.0.0.1', port: 9 };
const timings: EmailTuning = { backoff: { minMs: 20, maxMs: 100 } };
// What Postgres says about a value it will never store: not a passing outage.
const refused = () => Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0xed 0xa0 0x80'), { code: '22021' });
const keysOf = (messages: Array<{ idempotencyKey: string }>) => messages.map((m) => m.idempotencyKey);
/** How often a message was handed over alone, outside a page. */
const aloneCalls = (sink: MemorySink, key: string) => keysOf(sink.calls).filter((k) => k === key).length - keysOf(sink.pages.flat()).filter((k) => k === key).length;

describe.skipIf(!hasDovecot())('IMAP inbox with a message the ingest always refuses', () => {
  let dovecot: DovecotServer;
  let appender: Awaited<ReturnType<typeof openAppender>>;

  beforeAll(async () => {
    dovecot = await startDovecot();
    appender = await openAppender(dovecot);
  });
  afterAll(async () => {
    await appender?.close();
    await dovecot?.stop();
  });

  /** A channel on its own mailbox, so each test sees only its own mail. */
  async function channelOn(mailbox: string, state = new MemoryState(), sink = new CommittingSink(state), tuning: EmailTuning = timings) {
    const config = emailTestConfig(dovecot, noSmtp, {}, { mailbox });
    const { ctx, health } = emailTestContext(config, sink, state);
    return { channel: createEmailChannel(ctx, tuning), health, sink, state };
  }

  it('imports a poisoned message in the middle simplified, after three tries, and the other four in order', async () => {
    await appender.client.mailboxCreate('Middle');
    for (const i of [1, 2]) await appender.append(simpleMail(`mid-${i}@x`, `message ${i}`), 'Middle');
    await appender.append(
      await composeMail({
        from: 'Odd Sender <odd@customer.example>',
        to: 'support@shop.example',
        subject: 'Broken invoice',
        messageId: '<mid-3@x>',
        text: 'the invoice is attached',
        attachments: [{ filename: 'invoice.pdf', content: Buffer.alloc(2_000, 7), contentType: 'application/pdf' }],
      }),
      'Middle',
    );
    for (const i of [4, 5]) await appender.append(simpleMail(`mid-${i}@x`, `message ${i}`), 'Middle');
    const { channel, sink, state } = await channelOn('Middle');
    sink.refuse.set('<mid-3@x>', { error: refused(), exceptFallback: true });
    await channel.start!();
    await sink.until((s) => s.messages.length === 5);
    await channel.stop!();

    // The first page stored the poisoned message's neighbours at once; it went its own way and came last.
    expect(keysOf(sink.messages)).toEqual([1, 2, 4, 5, 3].map((i) => `<mid-${i}@x>`));
    // Each page handed over again starts at the poisoned message, below which the checkpoint stayed.
    expect(sink.pages.map(keysOf)).toEqual(
      [
        [1, 2, 3, 4, 5],
        [3, 4, 5],
        [3, 4, 5],
        [4, 5],
      ].map((page) => page.map((i) => `<mid-${i}@x>`)),
    );
    // Alone, three normal tries, then the simplified one.
    expect(aloneCalls(sink, '<mid-3@x>')).toBe(4);
    const simplified = sink.messages[4];
    expect(simplified.metadata).toMatchObject({ ingestFallback: true, ingestError: expect.stringContaining('invalid byte sequence') });
    expect(simplified).toMatchObject({ subject: 'Broken invoice', from: { identities: [{ kind: 'email', value: 'odd@customer.example' }] } });
    expect(simplified.attachments).toBeUndefined();
    expect(simplified.raw).toBeUndefined();
    expect(sink.messages[1].metadata?.ingestFallback).toBeUndefined();
    expect(await state.get('imap:Middle')).toMatchObject({ lastUid: 5 });
    expect(await state.list('skipped:')).toEqual([]);
  });

  it('skips a message refused even simplified: recorded with its subject, the checkpoint moves past it, later mail arrives', async () => {
    await appender.client.mailboxCreate('Skip');
    for (const i of [1, 2, 3]) await appender.append(simpleMail(`skip-${i}@x`, `message ${i}`), 'Skip');
    const { channel, sink, state, health } = await channelOn('Skip', undefined, undefined, { ...timings, poisonAttempts: 2 });
    sink.refuse.set('<skip-2@x>', { error: refused() });
    await channel.start!();
    await sink.until((s) => s.messages.length === 2);
    await appender.append(simpleMail('skip-4@x', 'written after the skip'), 'Skip');
    await sink.until((s) => s.messages.length === 3);
    await channel.stop!();

    expect(keysOf(sink.messages)).toEqual(['<skip-1@x>', '<skip-3@x>', '<skip-4@x>']);
    // Alone, two normal tries and one simplified.
    expect(aloneCalls(sink, '<skip-2@x>')).toBe(3);
    const { uidValidity } = (await state.get<{ uidValidity: string }>('imap:Skip'))!;
    expect(await state.get('imap:Skip')).toMatchObject({ lastUid: 4 });
    expect(await state.get(`skipped:${uidValidity}:2`)).toEqual({
      uidValidity,
      uid: 2,
      messageId: '<skip-2@x>',
      subject: 'Order skip-2@x',
      from: 'ayse@customer.example',
      error: expect.stringContaining('invalid byte sequence'),
      at: expect.any(String),
    });
    const report = health.find((h) => h.lastError?.includes('skipped'));
    expect(report?.lastError).toMatch(/UID 2 "Order skip-2@x" .*still in the mailbox/);
    expect(health.at(-1)?.details).toMatchObject({ skipped: { count: 1, latest: [{ uid: 2, subject: 'Order skip-2@x' }] } });
    // Not lost: the server still holds it.
    const lock = await appender.client.getMailboxLock('Skip');
    try {
      expect(await appender.client.fetchOne('2', { envelope: true }, { uid: true })).toMatchObject({ envelope: { messageId: '<skip-2@x>' } });
    } finally {
      lock.release();
    }
  });

  it('does not retry a skipped message after a restart, and doubles nothing', async () => {
    await appender.client.mailboxCreate('Restart');
    for (const i of [1, 2]) await appender.append(simpleMail(`re-${i}@x`, `message ${i}`), 'Restart');
    const state = new MemoryState();
    const sink = new CommittingSink(state);
    const first = await channelOn('Restart', state, sink, { ...timings, poisonAttempts: 1 });
    sink.refuse.set('<re-1@x>', { error: refused() });
    await first.channel.start!();
    await sink.until((s) => s.messages.length === 1);
    await first.channel.stop!();
    const callsBefore = sink.calls.length;

    // Even with the database willing now, the skip stands: the checkpoint is past it.
    sink.refuse.clear();
    await appender.append(simpleMail('re-3@x', 'after the restart'), 'Restart');
    const second = await channelOn('Restart', state, sink, timings);
    await second.channel.start!();
    await sink.until((s) => s.messages.length === 2);
    await second.channel.stop!();

    expect(keysOf(sink.messages)).toEqual(['<re-2@x>', '<re-3@x>']);
    expect(keysOf(sink.calls.slice(callsBefore))).toEqual(['<re-3@x>']);
    expect(second.health[0]).toMatchObject({ state: 'starting', details: { skipped: { count: 1, latest: [{ uid: 1 }] } } });
  });

  it('retries a message as often as it takes while the database is unreachable, and never simplifies it', async () => {
    await appender.client.mailboxCreate('Outage');
    await appender.append(simpleMail('out-1@x', 'whole message'), 'Outage');
    const { channel, sink } = await channelOn('Outage', undefined, undefined, { ...timings, poisonAttempts: 1 });
    sink.refuse.set('<out-1@x>', { error: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }) });
    await channel.start!();
    await eventually(() => sink.calls.length >= 4, 10_000);
    sink.refuse.clear();
    await sink.until((s) => s.messages.length === 1);
    await channel.stop!();
    expect(sink.messages[0].metadata?.ingestFallback).toBeUndefined();
    expect(sink.calls.every((m) => !m.metadata?.ingestFallback)).toBe(true);
  });

  it('waits longer before each try while the same message keeps failing for a passing reason, though every reconnect succeeds', async () => {
    await appender.client.mailboxCreate('Backoff');
    await appender.append(simpleMail('bo-1@x', 'whole message'), 'Backoff');
    const state = new MemoryState();
    const sink = new CommittingSink(state);
    const { ctx } = emailTestContext(emailTestConfig(dovecot, noSmtp, {}, { mailbox: 'Backoff' }), sink, state);
    const attempts: number[] = [];
    // Each failed session is logged with its reconnect step, which sets the wait before the next.
    ctx.log = {
      ...ctx.log,
      warn: (fields) => {
        const { attempt } = fields as { attempt?: number };
        if (attempt !== undefined) attempts.push(attempt);
      },
    };
    const channel = createEmailChannel(ctx, timings);
    sink.refuse.set('<bo-1@x>', { error: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }) });
    await channel.start!();
    await eventually(() => attempts.length >= 4, 10_000);
    sink.refuse.clear();
    await sink.until((s) => s.messages.length === 1);
    await channel.stop!();
    // It grows instead of starting over after each successful connect.
    expect(attempts.slice(0, 4)).toEqual([1, 2, 3, 4]);
  });
});
