// Telegram long polling end to end through the server: our own offset survives a restart, nothing lost or repeated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { FakeBotApi } from '../../connectors/telegram/testing/fake-bot-api.ts';
import { customer, textMessage } from '../../connectors/telegram/testing/updates.ts';
import { channelState } from '../../server/db/schema/index.ts';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';
import { eventually } from '../support/api-channel.ts';

describe('Telegram through the server', () => {
  const bot = new FakeBotApi();
  let t: TestApp;
  let admin: Client;
  let channelId: string;

  beforeAll(async () => {
    await bot.start();
    t = await createTestApp({ workers: true });
    admin = await Client.admin(t.app);
    channelId = (await admin.ok('POST', '/api/channels', { kind: 'telegram', name: 'Bot', config: { botToken: bot.token, mode: 'polling', apiRoot: bot.apiRoot, pollTimeoutSec: 1 } })).id;
  });
  afterAll(async () => {
    await t.close();
    await bot.close();
  });

  const allTexts = async () => {
    const convs = (await admin.ok('GET', '/api/conversations')).items;
    const texts: string[] = [];
    for (const c of convs) texts.push(...(await admin.ok('GET', `/api/conversations/${c.id}/messages`)).items.map((m: any) => m.text));
    return texts.sort();
  };

  it('polls updates into one conversation and reports the channel connected', async () => {
    bot.pushUpdate({ message: textMessage('/start') });
    bot.pushUpdate({ message: textMessage('Merhaba!') });
    await eventually(async () => (await allTexts()).length === 2);
    const channel = await admin.ok('GET', `/api/channels/${channelId}`);
    expect(channel.health.state).toBe('connected');
    const [conv] = (await admin.ok('GET', '/api/conversations')).items;
    const contact = await admin.ok('GET', `/api/contacts/${conv.contact.id}`);
    expect(contact).toMatchObject({ language: 'tr', identities: [expect.objectContaining({ kind: 'telegram', value: String(customer.id) })] });
  });

  it('resumes from the committed offset after a restart: nothing lost, nothing repeated', async () => {
    await t.services.runtime.invalidate(channelId);
    bot.pushUpdate({ message: textMessage('while we were down 1') });
    const last = bot.pushUpdate({ message: textMessage('while we were down 2') });
    expect(await t.services.runtime.startPulling(channelId)).toBe(true);
    await eventually(async () => (await allTexts()).length === 4);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await allTexts()).toEqual(['/start', 'Merhaba!', 'while we were down 1', 'while we were down 2'].sort());
    const [state] = await t.database.db.select().from(channelState).where(eq(channelState.channelId, channelId));
    expect(state).toMatchObject({ key: 'telegram:offset', value: last.update_id + 1 });
    expect(bot.pendingUpdates).toEqual([]);
  });

  it('sends a reply to the customer chat', async () => {
    const [conv] = (await admin.ok('GET', '/api/conversations')).items;
    const reply = await admin.ok('POST', `/api/conversations/${conv.id}/messages`, { text: 'Size nasıl yardımcı olabiliriz?' });
    await eventually(async () => (await admin.ok('GET', `/api/conversations/${conv.id}/messages`)).items.find((m: any) => m.id === reply.id).status === 'sent');
    expect(bot.callsOf('sendMessage').at(-1)!.params).toMatchObject({ chat_id: String(customer.id), text: 'Size nasıl yardımcı olabiliriz?' });
  });

  it('uploads a photo and a document the agent attached, with the bytes intact', async () => {
    const [conv] = (await admin.ok('GET', '/api/conversations')).items;
    const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 9, 9]);
    const pdf = new TextEncoder().encode('%PDF-1.4 sipariş özeti');
    const photo = (await admin.upload('urun.png', png, 'image/png')).body;
    const doc = (await admin.upload('siparis.pdf', pdf)).body;
    const reply = await admin.ok('POST', `/api/conversations/${conv.id}/messages`, { text: 'Ürün fotoğrafı ve sipariş özeti', attachmentIds: [photo.id, doc.id] });
    await eventually(async () => (await admin.ok('GET', `/api/conversations/${conv.id}/messages`)).items.find((m: any) => m.id === reply.id).status === 'sent');
    const sentPhoto = bot.callsOf('sendPhoto').at(-1)!;
    expect(sentPhoto.params).toMatchObject({ chat_id: String(customer.id), caption: 'Ürün fotoğrafı ve sipariş özeti' });
    expect(sentPhoto.files.photo).toEqual({ filename: 'urun.png', type: 'image/png', bytes: png });
    expect(bot.callsOf('sendDocument').at(-1)!.files.document).toEqual({ filename: 'siparis.pdf', type: 'application/pdf', bytes: pdf });
  });

  it('records a plain-text STOP (not only the /stop command) as an opt-out on Telegram, with its source', async () => {
    const [conv] = (await admin.ok('GET', '/api/conversations')).items;
    bot.pushUpdate({ message: textMessage('İptal') });
    const consents = await eventually(async () => {
      const contact = await admin.ok('GET', `/api/contacts/${conv.contact.id}`);
      return contact.consents.find((k: any) => k.channel === 'telegram' && k.status === 'opted_out') && contact.consents;
    });
    expect(consents).toEqual([{ channel: 'telegram', status: 'opted_out', source: 'keyword:telegram', at: expect.any(String) }]);
  });
});
