// One WhatsApp message, one row: WhatsApp names a chat by its phone number or by its LID, and the same message can come
// under either (live in one addressing mode, again in a history sync in the other). Keys once took whichever address
// the message came under, so the copy was stored twice and an edit under the other address missed its target.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { WAMessage } from '@whiskeysockets/baileys';
import { channelSink } from '../../server/channels/channel-sink.ts';
import { contactIdentities, messages } from '../../server/db/schema/index.ts';
import { ingestMessage, type IngestDeps } from '../../server/inbound/ingest-message.ts';
import { connectedWhatsApp, customerMessage } from '../../connectors/whatsapp/testing/harness.ts';
import { batchedIngestDeps, inbound, ingestDeps, insertChannel } from '../support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const PN = '905321234567@s.whatsapp.net';
const LID = '98765432101234@lid';
/** A message as it arrives live in LID addressing: the chat is the LID, the phone number its alternative. */
const underLid = (id: string, message: WAMessage['message']) => customerMessage(id, message, { remoteJid: LID, remoteJidAlt: PN, addressingMode: 'lid' });
/** A history sync page: the chat named by its LID alone, the pair sent apart. */
const historyOf = (...messages: WAMessage[]) => ({ chats: [], contacts: [], messages, lidPnMappings: [{ lid: LID, pn: PN }], isLatest: true });

describe('a WhatsApp message under either of its chat addresses', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  async function whatsapp(deps: IngestDeps = ingestDeps(database)) {
    const channel = await insertChannel(database, 'whatsapp');
    const wa = await connectedWhatsApp({}, { sink: channelSink(deps, { id: channel.id, kind: 'whatsapp' }) });
    const rows = () => database.db.select().from(messages).where(eq(messages.channelId, channel.id)).orderBy(messages.sentAt);
    const deliver = async (event: 'messages.upsert' | 'messaging-history.set', payload: any) => {
      wa.sockets.latest().emit(event, event === 'messages.upsert' ? { type: 'notify', messages: payload } : payload);
      await wa.channel.idle();
    };
    return { channel, wa, rows, deliver, deps };
  }

  it('stores a live message once when a history sync brings it again under the LID', async () => {
    const { rows, deliver } = await whatsapp();
    await deliver('messages.upsert', [customerMessage('3A00A1', { conversation: 'Kargom nerede?' })]);
    await deliver(
      'messaging-history.set',
      historyOf(customerMessage('3A00A1', { conversation: 'Kargom nerede?' }, { remoteJid: LID }), customerMessage('3A00A2', { conversation: 'older' }, { remoteJid: LID })),
    );
    expect((await rows()).map((m) => m.externalId)).toEqual(['3A00A1', '3A00A2']);
  });

  it('finds a message stored under the LID key by earlier versions, for a copy and for an edit', async () => {
    const { channel, rows, deliver, deps } = await whatsapp();
    // How a live LID-addressed message was keyed before: by the address it came under.
    await ingestMessage(
      deps,
      { id: channel.id, kind: 'whatsapp' },
      inbound({ idempotencyKey: `wa:${LID}:3A00B1`, externalId: '3A00B1', from: { identities: [{ kind: 'whatsapp', value: LID }] }, text: 'Siparis 41' }),
    );
    await deliver('messages.upsert', [underLid('3A00B1', { conversation: 'Siparis 41' })]);
    const edit = { protocolMessage: { type: 14, key: { remoteJid: PN, id: '3A00B1' }, editedMessage: { conversation: 'Sipariş 42' } } };
    await deliver('messages.upsert', [customerMessage('3A00B2', edit)]);
    const stored = await rows();
    expect(stored.map((m) => [m.externalId, m.text])).toEqual([['3A00B1', 'Sipariş 42']]);
    expect(stored[0]!.metadata.edits).toEqual([expect.objectContaining({ previous: 'Siparis 41', text: 'Sipariş 42' })]);
  });

  it('applies a reaction under the LID to a message that came under the phone number', async () => {
    const { rows, deliver } = await whatsapp();
    await deliver('messages.upsert', [customerMessage('3A00C1', { conversation: 'Teşekkürler' })]);
    await deliver('messages.upsert', [underLid('3A00C2', { reactionMessage: { key: { remoteJid: LID, id: '3A00C1' }, text: '👍' } })]);
    const stored = await rows();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.metadata.reactions).toEqual([expect.objectContaining({ emoji: '👍' })]);
  });

  it('gives a history message named by its LID alone the phone number too, from the sync’s pairs', async () => {
    const { rows, deliver } = await whatsapp();
    await deliver('messaging-history.set', historyOf(customerMessage('3A00D1', { conversation: 'eski mesaj' }, { remoteJid: '98765432100001@lid' })));
    const pairs = {
      chats: [],
      contacts: [],
      messages: [customerMessage('3A00D2', { conversation: 'daha eski' }, { remoteJid: '98765432100002@lid' })],
      lidPnMappings: [{ lid: '98765432100002@lid', pn: '905320000002@s.whatsapp.net' }],
    };
    await deliver('messaging-history.set', pairs);
    const stored = await rows();
    const [unpaired, paired] = ['3A00D1', '3A00D2'].map((id) => stored.find((m) => m.externalId === id));
    const identities = async (contactId: string) => (await database.db.select().from(contactIdentities).where(eq(contactIdentities.contactId, contactId))).map((i) => `${i.kind}:${i.value}`).sort();
    expect(await identities(unpaired!.contactId)).toEqual(['whatsapp:98765432100001@lid']);
    expect(await identities(paired!.contactId)).toEqual(['phone:+905320000002', 'whatsapp:905320000002@s.whatsapp.net', 'whatsapp:98765432100002@lid']);
  });

  it('asks the session’s own store for the phone number of a LID it has not seen here', async () => {
    const { wa, rows, deliver } = await whatsapp();
    await deliver('messages.upsert', [customerMessage('3A00E1', { conversation: 'ilk' })]);
    wa.sockets.latest().lidPairs.set(LID, PN);
    await deliver('messages.upsert', [customerMessage('3A00E1', { conversation: 'ilk' }, { remoteJid: LID })]);
    expect(await rows()).toHaveLength(1);
  });

  it('finds the LID-keyed copy from inside a group-commit batch', async () => {
    const deps = batchedIngestDeps(database, 2);
    const channel = await insertChannel(database, 'whatsapp');
    const at = { id: channel.id, kind: 'whatsapp' };
    const sender = { identities: [{ kind: 'whatsapp' as const, value: PN }] };
    await ingestMessage(ingestDeps(database), at, inbound({ idempotencyKey: `wa:${LID}:3A00F1`, from: sender, text: 'aynı' }));
    const [copy] = await Promise.all([
      ingestMessage(deps, at, inbound({ idempotencyKey: `wa:${PN}:3A00F1`, idempotencyAliases: [`wa:${LID}:3A00F1`], from: sender, text: 'aynı' })),
      ingestMessage(deps, at, inbound({ idempotencyKey: `wa:${PN}:3A00F2`, from: sender, text: 'başka' })),
    ]);
    expect(copy.created).toBe(false);
    const keys = (await database.db.select().from(messages).where(eq(messages.channelId, channel.id))).map((m) => m.idempotencyKey).sort();
    expect(keys).toEqual([`wa:${PN}:3A00F2`, `wa:${LID}:3A00F1`]);
  });

  it('stores both copies once when one history page brings them', async () => {
    const { rows, deliver } = await whatsapp();
    await deliver('messaging-history.set', historyOf(customerMessage('3A00G1', { conversation: 'aynı' }), customerMessage('3A00G1', { conversation: 'aynı' }, { remoteJid: LID })));
    expect(await rows()).toHaveLength(1);
  });
});
