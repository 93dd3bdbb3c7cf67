import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Channel } from '../channel.ts';
import { makeChannelContext, waitFor } from '../testing/make-channel-context.ts';
import { MemoryState } from '../testing/memory-sink.ts';
import { telegramDriver } from './index.ts';
import { CommittingSink } from '../testing/committing-sink.ts';
import { FakeBotApi } from './testing/fake-bot-api.ts';
import { textMessage } from './testing/updates.ts';

describe('telegram long polling', () => {
  let api: FakeBotApi;
  let state: MemoryState;
  let sink: CommittingSink;
  let channel: Channel | undefined;

  const startChannel = async () => {
    const ctx = makeChannelContext('telegram', { botToken: api.token, apiRoot: api.apiRoot, pollTimeoutSec: 1 }, { sink, state });
    channel = telegramDriver.create(ctx as never);
    await channel.start!();
    return ctx;
  };

  const photoMessage = (file: { file_id: string; file_unique_id: string; file_size: number }, caption: string) =>
    textMessage('', { text: undefined, caption, photo: [{ ...file, width: 800, height: 600 }] });
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2]);

  beforeEach(async () => {
    api = await new FakeBotApi().start();
    state = new MemoryState();
    sink = new CommittingSink(state);
  });
  afterEach(async () => {
    await channel?.stop?.();
    await api.close();
  });

  it('commits the next offset with each message and confirms it on the next poll', async () => {
    await startChannel();
    const first = api.pushUpdate({ message: textMessage('bir') });
    const second = api.pushUpdate({ message: textMessage('iki') });
    await waitFor(() => sink.messages.length === 2);
    expect(state.map.get('telegram:offset')).toBe(second.update_id + 1);
    await waitFor(() => api.callsOf('getUpdates').some((c) => c.params.offset === second.update_id + 1));
    expect(api.pendingUpdates).toEqual([]);
    expect(api.callsOf('getUpdates')[0]!.params).toMatchObject({ offset: 0, timeout: 1, limit: 100 });
    expect(first.update_id).toBeLessThan(second.update_id);
  });

  it('resumes after a restart from the stored offset: nothing lost, nothing repeated', async () => {
    await startChannel();
    api.pushUpdate({ message: textMessage('before restart') });
    await waitFor(() => sink.messages.length === 1);
    await channel!.stop!();
    // Arrives while no process polls.
    api.pushUpdate({ message: textMessage('during restart') });
    await startChannel();
    api.pushUpdate({ message: textMessage('after restart') });
    await waitFor(() => sink.messages.length === 3);
    expect(sink.calls.map((m) => m.text)).toEqual(['before restart', 'during restart', 'after restart']);
    expect(api.callsOf('getUpdates').filter((c) => c.params.offset === 0)).toHaveLength(1);
  });

  it('re-fetches an update whose commit failed, after a restart', async () => {
    await startChannel();
    const ok = api.pushUpdate({ message: textMessage('stored') });
    await waitFor(() => sink.messages.length === 1);
    await channel!.stop!();
    sink.failNext = new Error('database went away');
    api.pushUpdate({ message: textMessage('lost commit') });
    api.pushUpdate({ message: textMessage('behind it') });
    await startChannel();
    await waitFor(() => sink.calls.length >= 2);
    await channel!.stop!();
    // The failed update did not move the stored offset.
    expect(state.map.get('telegram:offset')).toBe(ok.update_id + 1);
    await startChannel();
    await waitFor(() => sink.messages.length === 3);
    expect(sink.messages.map((m) => m.text)).toEqual(['stored', 'lost commit', 'behind it']);
  });

  it('checkpoints updates that carry no message', async () => {
    await startChannel();
    const blocked = api.pushUpdate({
      my_chat_member: { chat: { id: 1, type: 'private' }, new_chat_member: { status: 'kicked' } },
    });
    await waitFor(() => state.map.get('telegram:offset') === blocked.update_id + 1);
    expect(sink.calls).toHaveLength(0);
  });

  it('deletes a leftover webhook before polling and reports the bot in health', async () => {
    api.webhook = { url: 'https://old.example.com/hook' };
    const ctx = makeChannelContext('telegram', { botToken: api.token, apiRoot: api.apiRoot, pollTimeoutSec: 1 }, { sink, state });
    channel = telegramDriver.create(ctx as never);
    await channel.start!();
    expect(api.webhook).toBeUndefined();
    await waitFor(() => ctx.healthLog.some((h) => h.state === 'connected'));
    expect(ctx.healthLog).toContainEqual({ details: { mode: 'polling', username: 'ulak_test_bot' } });
  });

  it('backs off after a failed poll, reports the error in health, then carries on', async () => {
    api.failNext('getUpdates', { error_code: 502, description: 'Bad Gateway' });
    const ctx = makeChannelContext('telegram', { botToken: api.token, apiRoot: api.apiRoot, pollTimeoutSec: 1 }, { sink, state });
    channel = telegramDriver.create(ctx as never);
    await channel.start!();
    api.pushUpdate({ message: textMessage('after the outage') });
    await waitFor(() => sink.messages.length === 1);
    expect(ctx.healthLog).toContainEqual(expect.objectContaining({ state: 'error' }));
    expect(ctx.healthLog.at(-1)).toHaveProperty('lastEventAt');
  });

  it('stops polling when the runtime aborts the channel signal', async () => {
    const ctx = makeChannelContext('telegram', { botToken: api.token, apiRoot: api.apiRoot, pollTimeoutSec: 1 }, { sink, state });
    channel = telegramDriver.create(ctx as never);
    await channel.start!();
    await waitFor(() => api.callsOf('getUpdates').length === 1);
    ctx.abort();
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Had the in-flight long poll survived the abort, it would return this update at once.
    const polls = api.callsOf('getUpdates').length;
    api.pushUpdate({ message: textMessage('nobody listens') });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(api.callsOf('getUpdates').length).toBe(polls);
    expect(sink.calls).toHaveLength(0);
  });

  it('fails to start with an error in health when the token is revoked', async () => {
    const ctx = makeChannelContext('telegram', { botToken: '1:revoked', apiRoot: api.apiRoot }, { sink, state });
    const revoked = telegramDriver.create(ctx as never);
    await expect(revoked.start!()).rejects.toThrow('401');
    expect(ctx.healthLog.at(-1)).toMatchObject({ state: 'error', lastError: expect.stringContaining('Unauthorized') });
  });

  it('fetches a photo again on the next start when a stop cut its download short', async () => {
    const ctx = await startChannel();
    const file = api.addFile('photos/box.jpg', jpeg);
    const downloading = api.hangNext('getFile');
    const update = api.pushUpdate({ message: photoMessage(file, 'hasarlı kutu') });
    await downloading;
    // What the runtime does on a deactivation, an edit or a handover to another worker: abort, then stop.
    ctx.abort();
    await channel!.stop!();
    expect(sink.messages).toEqual([]);
    expect(state.map.get('telegram:offset')).toBeUndefined();
    expect(api.pendingUpdates).toEqual([update.update_id]);

    await startChannel();
    await waitFor(() => sink.messages.length === 1);
    expect(sink.messages[0]).toMatchObject({ text: 'hasarlı kutu' });
    expect(sink.messages[0]!.attachments).toEqual([{ filename: `photo-${file.file_unique_id}.jpg`, contentType: 'image/jpeg', size: 6, content: jpeg }]);
    expect(state.map.get('telegram:offset')).toBe(update.update_id + 1);
  });

  it('fetches a photo again at once when Telegram failed to give it for a moment', async () => {
    const ctx = await startChannel();
    const file = api.addFile('photos/receipt.jpg', jpeg);
    api.failNext('getFile', { error_code: 502, description: 'Bad Gateway' });
    api.pushUpdate({ message: photoMessage(file, 'fiş') });
    await waitFor(() => sink.messages.length === 1);
    expect(sink.messages[0]!.attachments).toEqual([{ filename: `photo-${file.file_unique_id}.jpg`, contentType: 'image/jpeg', size: 6, content: jpeg }]);
    expect(api.callsOf('getFile')).toHaveLength(2);
    expect(ctx.healthLog).not.toContainEqual(expect.objectContaining({ state: 'error' }));
  });

  it('keeps the offset before a photo Telegram keeps failing to give, backs off, and stores it once Telegram recovers', async () => {
    const ctx = await startChannel();
    const file = api.addFile('photos/invoice.jpg', jpeg);
    const before = api.pushUpdate({ message: textMessage('önce') });
    await waitFor(() => sink.messages.length === 1);
    // The page's try and the try alone fail; the poll after the backoff fails once more, then the file comes.
    for (let i = 0; i < 3; i++) api.failNext('getFile', { error_code: 429, description: 'Too Many Requests: retry after 1' });
    const update = api.pushUpdate({ message: photoMessage(file, 'fatura') });
    await waitFor(() => ctx.healthLog.some((h) => h.state === 'error'));
    expect(state.map.get('telegram:offset')).toBe(before.update_id + 1);
    expect(sink.messages).toHaveLength(1);

    await waitFor(() => sink.messages.length === 2, 10_000);
    expect(sink.messages[1]!.attachments).toEqual([{ filename: `photo-${file.file_unique_id}.jpg`, contentType: 'image/jpeg', size: 6, content: jpeg }]);
    expect(api.callsOf('getFile')).toHaveLength(4);
    expect(state.map.get('telegram:offset')).toBe(update.update_id + 1);
  });

  it('stores the message without a photo Telegram has failed to give for minutes, the file to follow, so later messages are not held up', async () => {
    const ctx = await startChannel();
    const file = api.addFile('photos/later.jpg', jpeg);
    for (let i = 0; i < 50; i++) api.failNext('getFile', { error_code: 502, description: 'Bad Gateway' });
    const photo = api.pushUpdate({ message: photoMessage(file, 'sonra gelecek') });
    api.pushUpdate({ message: textMessage('sonraki') });
    await waitFor(() => api.callsOf('getFile').length >= 2, 10_000);
    expect(sink.messages).toEqual([]);

    ctx.advance(3 * 60_000);
    await waitFor(() => sink.messages.length === 2, 30_000);
    const facts = { filename: `photo-${file.file_unique_id}.jpg`, contentType: 'image/jpeg' };
    expect(sink.messages[0]!.attachments).toEqual([{ ...facts, size: 6, fetchAgain: { source: file.file_id, reason: expect.stringMatching(/Bad Gateway/) } }]);
    expect(sink.messages[1]!.text).toBe('sonraki');
    expect(state.map.get('telegram:offset')).toBe(photo.update_id + 2);

    // The server asks for it again by its file_id: still failing is a passing error; then the file.
    await expect(channel!.fetchAttachment!(file.file_id, facts)).rejects.toMatchObject({ retryable: true });
    api.clearFailures('getFile');
    expect(await channel!.fetchAttachment!(file.file_id, facts)).toEqual({ ...facts, size: 6, content: jpeg });
  });

  it('stores an update the database keeps refusing as its text alone after a few polls, and goes on', async () => {
    const ctx = await startChannel();
    const stuck = textMessage('bu mesaj hep reddediliyor');
    sink.refuse.set(`tg:${stuck.chat.id}:${stuck.message_id}`, { error: new Error('value too long for type character varying(64)'), exceptFallback: true });
    const update = api.pushUpdate({ message: stuck });
    api.pushUpdate({ message: textMessage('arkasından gelen') });
    // The one behind it is stored at once (its page commits around the refused one); the offset waits before it.
    await waitFor(() => sink.messages.length === 2, 30_000);
    expect(sink.messages.map((m) => m.text)).toEqual(['arkasından gelen', 'bu mesaj hep reddediliyor']);
    expect(sink.messages[1]).toMatchObject({ metadata: { ingestFallback: true, ingestError: expect.stringContaining('value too long') } });
    await waitFor(() => state.map.get('telegram:offset') === update.update_id + 2);
    expect(ctx.healthLog).toContainEqual(expect.objectContaining({ state: 'error' }));
  });

  it('skips an update refused even as text alone, recording it, so the bot is not stuck on it', async () => {
    await startChannel();
    const stuck = textMessage('hiç saklanamayan');
    sink.refuse.set(`tg:${stuck.chat.id}:${stuck.message_id}`, { error: new Error('invalid byte sequence') });
    const update = api.pushUpdate({ message: stuck });
    api.pushUpdate({ message: textMessage('sonra gelen') });
    await waitFor(() => state.map.has(`skipped:update:${update.update_id}`), 30_000);
    expect(sink.messages.map((m) => m.text)).toEqual(['sonra gelen']);
    await waitFor(() => state.map.get('telegram:offset') === update.update_id + 2);
    expect(state.map.get(`skipped:update:${update.update_id}`)).toMatchObject({ updateId: update.update_id, messageId: stuck.message_id, error: expect.stringContaining('invalid byte sequence') });
  });

  it('stores the message with its photo refused when Telegram refuses the file for good', async () => {
    await startChannel();
    const file = api.addFile('photos/gone.jpg', jpeg);
    api.failNext('getFile', { error_code: 400, description: 'Bad Request: wrong file_id or the file is temporarily unavailable' });
    const update = api.pushUpdate({ message: photoMessage(file, 'eski fotoğraf') });
    await waitFor(() => state.map.get('telegram:offset') === update.update_id + 1);
    expect(sink.messages).toHaveLength(1);
    expect(sink.messages[0]!.attachments).toEqual([
      { filename: `photo-${file.file_unique_id}.jpg`, contentType: 'image/jpeg', size: 6, refused: { reason: expect.stringContaining('wrong file_id') } },
    ]);
    expect(api.callsOf('getFile')).toHaveLength(1);
  });
});
