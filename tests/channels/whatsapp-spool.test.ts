// WhatsApp sends a history chunk, and a live message, once. While their commit keeps failing (the database away) the
// channel keeps them in a file on this machine, so a process stopped or killed during the outage does not lose them:
// the work processes' pass stores what such a process left, once its own retries are surely over.
import { mkdtemp, readdir, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proto } from '@whiskeysockets/baileys';
import { eq } from 'drizzle-orm';
import type { InboundSink } from '../../connectors/channel.ts';
import { connectedWhatsApp, customerMessage } from '../../connectors/whatsapp/testing/harness.ts';
import { channelSink } from '../../server/channels/channel-sink.ts';
import { channels, messages } from '../../server/db/schema/index.ts';
import { decodeSpooled, encodeSpooled, inboundSpool, SPOOL_ADOPT_AFTER_MS, storeSpooledInbound } from '../../server/inbound/inbound-spool.ts';
import { ingestDeps, insertChannel } from '../support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

/** What postgres.js throws when the connection drops: a failure that passes. */
const connectionClosed = () => Object.assign(new Error('write CONNECTION_CLOSED 127.0.0.1:5432'), { code: 'CONNECTION_CLOSED' });
const history = (...ids: string[]) => ({ chats: [], contacts: [], messages: ids.map((id) => customerMessage(id, { conversation: `eski ${id}` })), isLatest: true });

describe('WhatsApp messages kept on disk while the database is away', () => {
  let database: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    dir = await mkdtemp(join(tmpdir(), 'ulak-spool-'));
  });
  afterAll(async () => {
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const deps = () => ingestDeps(database);
  const log = { warn() {}, error() {} };
  /** The server's pass, `minutes` after now. */
  const pass = (minutes: number) => storeSpooledInbound({ ingest: deps(), log, now: () => new Date(Date.now() + minutes * 60_000) }, dir);
  const kept = async (channelId: string) => (await readdir(join(dir, channelId)).catch(() => [])).filter((name) => name.endsWith('.json'));
  const stored = async (channelId: string) => (await database.db.select({ id: messages.externalId }).from(messages).where(eq(messages.channelId, channelId))).map((m) => m.id).sort();

  /** A channel whose database is away until `back()`. */
  async function whatsappWithOutage() {
    const channel = await insertChannel(database, 'whatsapp');
    const real = channelSink(deps(), { id: channel.id, kind: 'whatsapp' });
    let down = true;
    const sink: InboundSink = {
      ...real,
      receive: (message, options) => (down ? Promise.reject(connectionClosed()) : real.receive(message, options)),
      receivePage: (items) => (down ? Promise.reject(connectionClosed()) : real.receivePage(items)),
      updateStatus: (update) => (down ? Promise.reject(connectionClosed()) : real.updateStatus(update)),
    };
    const wa = await connectedWhatsApp({}, { sink, spool: inboundSpool(dir, channel.id) });
    return { channel, wa, back: () => void (down = false), away: () => void (down = true) };
  }

  it('keeps a failing history page and a live message on disk, and the pass stores them after the process is killed', async () => {
    const { channel, wa } = await whatsappWithOutage();
    wa.sockets.latest().emit('messaging-history.set', history('K1', 'K2', 'K3'));
    wa.sockets.latest().emit('messages.upsert', { type: 'notify', messages: [customerMessage('K4', { conversation: 'canlı' })] });
    await wa.channel.idle();
    expect(await kept(channel.id)).toHaveLength(2);
    // The process is killed here: nothing stops the channel, its retries never run. The database comes back.
    expect(await pass(1)).toEqual({ files: 0, stored: 0, left: 0, away: false }); // too soon: the process might still be trying
    expect(await stored(channel.id)).toEqual([]);
    expect(await pass(SPOOL_ADOPT_AFTER_MS / 60_000 + 1)).toEqual({ files: 2, stored: 4, left: 0, away: false });
    expect(await stored(channel.id)).toEqual(['K1', 'K2', 'K3', 'K4']);
    expect(await kept(channel.id)).toEqual([]);
  });

  it('keeps acks that came while the database was away, and the pass applies them to the replies they are for', async () => {
    const { channel, wa, back, away } = await whatsappWithOutage();
    back();
    wa.sockets.latest().emit('messages.upsert', { type: 'notify', messages: [customerMessage('A0', { conversation: 'merhaba' })] });
    await wa.channel.idle();
    const [received] = await database.db.select().from(messages).where(eq(messages.channelId, channel.id));
    const reply = (externalId: string) => ({
      ...received!,
      id: crypto.randomUUID(),
      seq: undefined,
      direction: 'out' as const,
      senderType: 'user' as const,
      status: 'sent' as const,
      externalId,
      idempotencyKey: externalId,
    });
    await database.db.insert(messages).values([reply('3EB0-ACK1'), reply('3EB0-ACK2')]);
    const statuses = async () => Promise.all(['3EB0-ACK1', '3EB0-ACK2'].map(async (id) => (await database.db.select().from(messages).where(eq(messages.externalId, id)))[0]!.status));

    // The database goes away, and two acks come, which WhatsApp will not send again.
    away();
    const key = (id: string) => ({ remoteJid: '905321234567@s.whatsapp.net', fromMe: true, id });
    wa.sockets.latest().emit('messages.update', [
      { key: key('3EB0-ACK1'), update: { status: proto.WebMessageInfo.Status.DELIVERY_ACK } },
      { key: key('3EB0-ACK2'), update: { status: proto.WebMessageInfo.Status.ERROR, messageStubParameters: ['463'] } },
    ]);
    await wa.channel.idle();
    expect(await kept(channel.id)).toHaveLength(1);
    expect(await statuses()).toEqual(['sent', 'sent']);

    // Handed over: the next pass applies them at once, without waiting out the channel's own retries.
    expect(await pass(0)).toEqual({ files: 1, stored: 2, left: 0, away: false });
    expect(await statuses()).toEqual(['delivered', 'failed']);
    expect(await kept(channel.id)).toEqual([]);
  });

  it('removes the file once the channel’s own retry stores the page', async () => {
    const { channel, wa, back } = await whatsappWithOutage();
    wa.sockets.latest().emit('messaging-history.set', history('R1', 'R2'));
    await wa.channel.idle();
    expect(await kept(channel.id)).toHaveLength(1);
    back();
    await wa.timers.runAll();
    await wa.channel.idle();
    expect(await stored(channel.id)).toEqual(['R1', 'R2']);
    expect(await kept(channel.id)).toEqual([]);
  });

  it('leaves the file when the channel stops during the outage, and the pass stores each message once', async () => {
    const { channel, wa, back } = await whatsappWithOutage();
    wa.sockets.latest().emit('messaging-history.set', history('S1', 'S2'));
    await wa.channel.idle();
    await wa.channel.stop(); // tries each message alone: the database is still away
    expect(await stored(channel.id)).toEqual([]);
    expect(await kept(channel.id)).toHaveLength(1);
    back();
    // One message got in meanwhile (another copy of the page, a process that stored it and died before the removal).
    await channelSink(deps(), { id: channel.id, kind: 'whatsapp' }).receive((await spooledMessages(channel.id))[0]!);
    expect(await pass(SPOOL_ADOPT_AFTER_MS / 60_000 + 1)).toEqual({ files: 1, stored: 2, left: 0, away: false });
    expect(await stored(channel.id)).toEqual(['S1', 'S2']);
  });

  it('keeps the file while the database is still away, and drops it with a deleted channel', async () => {
    const channel = await insertChannel(database, 'whatsapp');
    await inboundSpool(dir, channel.id).keep([]);
    const unreachable = { select: () => ({ from: () => ({ where: () => Promise.reject(connectionClosed()) }) }) };
    const away = { ingest: { ...deps(), database: { ...database, db: unreachable } }, log, now: () => new Date(Date.now() + SPOOL_ADOPT_AFTER_MS * 2) };
    expect(await storeSpooledInbound(away as never, dir)).toMatchObject({ left: 1, away: true });
    expect(await kept(channel.id)).toHaveLength(1);
    await database.db.delete(channels).where(eq(channels.id, channel.id));
    await pass(SPOOL_ADOPT_AFTER_MS / 60_000 + 1);
    expect(await kept(channel.id)).toEqual([]);
  });

  it('removes half-written files a killed process left', async () => {
    const channel = await insertChannel(database, 'whatsapp');
    await inboundSpool(dir, channel.id).keep([]);
    const [name] = await kept(channel.id);
    const { writeFile } = await import('node:fs/promises');
    const half = join(dir, channel.id, name!.replace('.json', '.tmp'));
    await writeFile(half, '[{"idempot');
    const old = new Date(Date.now() - SPOOL_ADOPT_AFTER_MS * 2);
    await utimes(half, old, old);
    await pass(0);
    expect(await readdir(join(dir, channel.id))).toEqual([name]);
  });

  it('keeps times and bytes exactly', () => {
    const message = {
      idempotencyKey: 'k',
      from: { identities: [] },
      text: 't',
      sentAt: new Date('2026-03-01T10:00:00.123Z'),
      attachments: [{ filename: 'a.bin', contentType: 'application/octet-stream', size: 3, content: new Uint8Array([0, 255, 7]) }],
      metadata: { $date: 'not a time', nested: { $bytes: 1 } },
    };
    const receipt = { externalId: 'wamid-1', status: 'delivered' as const, at: new Date('2026-03-01T10:00:01.456Z') };
    const {
      messages: [back],
      receipts,
    } = decodeSpooled(encodeSpooled({ messages: [message], receipts: [receipt] }));
    expect(back).toEqual(message);
    expect(back!.attachments![0]!.content).toBeInstanceOf(Uint8Array);
    expect(receipts).toEqual([receipt]);
  });

  it('reads a file written before receipts were kept (a bare list of messages)', () => {
    const message = { idempotencyKey: 'k', from: { identities: [] }, text: 't', sentAt: new Date('2026-03-01T10:00:00.123Z') };
    expect(decodeSpooled(JSON.stringify([{ ...message, sentAt: { $date: message.sentAt.toISOString() } }]))).toEqual({ messages: [message], receipts: [] });
  });

  async function spooledMessages(channelId: string) {
    const { readFile } = await import('node:fs/promises');
    const [name] = await kept(channelId);
    return decodeSpooled(await readFile(join(dir, channelId, name!), 'utf8')).messages;
  }
});
