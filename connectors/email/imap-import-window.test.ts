import { afterEach, describe, expect, it } from 'vitest';
import { MemoryState } from '../testing/memory-sink.ts';
import { createEmailChannel } from './email-channel.ts';
import { hasDovecot, startDovecot, type DovecotServer } from './testing/dovecot.ts';
import { CommittingSink, emailTestConfig, emailTestContext } from './testing/email-test-context.ts';
import { eventually } from './testing/eventually.ts';
import { openAppender } from './testing/imap-appender.ts';
import { simpleMail } from './testing/mail-fixtures.ts';

const noSmtp = { host: '127.0.0.1', port: 9 };
const DAY = 86_400_000;

describe.skipIf(!hasDovecot())('a new email channel on a mailbox with history', () => {
  let dovecot: DovecotServer | undefined;
  afterEach(async () => {
    await dovecot?.stop();
    dovecot = undefined;
  });

  async function mailboxWith(mails: Array<[id: string, daysAgo: number]>) {
    dovecot = await startDovecot();
    const appender = await openAppender(dovecot);
    for (const [id, daysAgo] of mails) await appender.append(simpleMail(`${id}@x`, id), 'INBOX', new Date(Date.now() - daysAgo * DAY));
    return appender;
  }

  it('imports only the last N days, then everything new, and a restart continues from its checkpoint', async () => {
    const appender = await mailboxWith([
      ['ancient', 400],
      ['last-year', 200],
      ['last-week', 7],
      ['today', 0],
    ]);
    const state = new MemoryState();
    const sink = new CommittingSink(state);
    const { ctx, health } = emailTestContext(emailTestConfig(dovecot!, noSmtp, {}, { importDays: 30 }), sink, state);
    let channel = createEmailChannel(ctx);
    await channel.start!();
    await sink.until((s) => s.messages.length === 2);
    await appender.append(simpleMail('new@x', 'new'));
    await sink.until((s) => s.messages.length === 3);
    await channel.stop!();
    expect(sink.messages.map((m) => m.text)).toEqual(['last-week', 'today', 'new']);

    // The window applies to the first connection only: after a restart nothing old is pulled in.
    await appender.append(simpleMail('after-restart@x', 'after restart'));
    channel = createEmailChannel(ctx);
    await channel.start!();
    await sink.until((s) => s.messages.length === 4);
    await eventually(() => health.some((h) => h.lastSyncAt !== undefined));
    await channel.stop!();
    await appender.close();
    expect(sink.messages.map((m) => m.text)).toEqual(['last-week', 'today', 'new', 'after restart']);
  });

  it('with 0 days imports nothing that was already there, only mail that arrives from now on', async () => {
    const appender = await mailboxWith([
      ['yesterday', 1],
      ['an-hour-ago', 0],
    ]);
    const state = new MemoryState();
    const sink = new CommittingSink(state);
    const { ctx, health } = emailTestContext(emailTestConfig(dovecot!, noSmtp, {}, { importDays: 0 }), sink, state);
    const channel = createEmailChannel(ctx);
    await channel.start!();
    await eventually(() => health.some((h) => h.lastSyncAt !== undefined));
    await appender.append(simpleMail('fresh@x', 'fresh'));
    await sink.until((s) => s.messages.length === 1);
    await channel.stop!();
    await appender.close();
    expect(sink.messages.map((m) => m.text)).toEqual(['fresh']);
  });

  it('with 0 days, mail that arrives while the channel is stopped, before any new mail was stored, is imported after the restart', async () => {
    const appender = await mailboxWith([['before-the-channel', 0]]);
    const state = new MemoryState();
    const sink = new CommittingSink(state);
    const config = emailTestConfig(dovecot!, noSmtp, {}, { importDays: 0 });
    const first = emailTestContext(config, sink, state);
    let channel = createEmailChannel(first.ctx);
    await channel.start!();
    await eventually(() => first.health.some((h) => h.lastSyncAt !== undefined));
    await channel.stop!();

    // No process holds the channel now: a restart, or the gap while another worker takes it over.
    await appender.append(simpleMail('while-stopped@x', 'while stopped'));
    const second = emailTestContext(config, sink, state);
    channel = createEmailChannel(second.ctx);
    await channel.start!();
    await sink.until((s) => s.messages.length === 1);
    await appender.append(simpleMail('after-restart@x', 'after restart'));
    await sink.until((s) => s.messages.length === 2);
    await channel.stop!();
    await appender.close();
    expect(sink.messages.map((m) => m.text)).toEqual(['while stopped', 'after restart']);
  });
});
