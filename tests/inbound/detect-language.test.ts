// A contact's language is read from what they write when their channel does not say; an agent's choice stays.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectLanguage } from '../../server/inbound/detect-language.ts';
import { ingestMessage } from '../../server/inbound/ingest-message.ts';
import { inbound, insertChannel } from '../support/fixtures.ts';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';

/** Customer messages in Turkish, English, German and Arabic, labelled by hand (tests/inbound/language-sample.tsv). */
const sample = readFileSync(new URL('./language-sample.tsv', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line && !line.startsWith('#'))
  .map((line) => line.split('\t') as [string, string]);

describe('language detection', () => {
  it('names the language of at least 95% of short customer messages in each of Turkish, English, German and Arabic', async () => {
    const byLanguage = new Map<string, { right: number; all: number }>();
    for (const [language, text] of sample) {
      const tally = byLanguage.get(language) ?? { right: 0, all: 0 };
      tally.all++;
      if ((await detectLanguage(text)) === language) tally.right++;
      byLanguage.set(language, tally);
    }
    expect([...byLanguage.keys()].sort()).toEqual(['ar', 'de', 'en', 'tr']);
    for (const [language, { right, all }] of byLanguage) expect({ language, accuracy: right / all }).toEqual({ language, accuracy: expect.toSatisfy((a: number) => a >= 0.95) });
  });

  it('says nothing about text too short to tell', async () => {
    for (const text of ['ok', '👍', '88431', 'tamam', '', 'https://shop.example/p/88431']) expect(await detectLanguage(text)).toBeUndefined();
  });

  it('reads the customer’s own words, not the quoted mail below them', async () => {
    expect(await detectLanguage('Siparişim hâlâ gelmedi, lütfen kontrol eder misiniz?\n> On Monday the shop wrote: your order has been shipped and will arrive soon')).toBe('tr');
  });
});

describe('a contact’s language', () => {
  let t: TestApp;
  let admin: Client;
  let channel: { id: string };
  beforeAll(async () => {
    t = await createTestApp();
    admin = await Client.admin(t.app);
    channel = await insertChannel(t.services.database, 'email');
  });
  afterAll(async () => t.close());

  const write = (address: string, text: string, extra: Partial<Parameters<typeof inbound>[0]> = {}) =>
    ingestMessage(t.services.ingest, { id: channel.id, kind: 'email' }, inbound({ from: { identities: [{ kind: 'email', value: address }], name: 'Müşteri' }, text, ...extra }));
  const languageOf = async (contactId: string) => (await admin.ok('GET', `/api/contacts/${contactId}`)).language;

  it('is filled in from a new customer’s first message', async () => {
    const { contactId } = await write('deniz@customer.example', 'Merhaba, kargom üç gündür aynı şubede bekliyor, ne zaman teslim edilir?');
    expect(await languageOf(contactId)).toBe('tr');
  });

  it('stays unknown after a message too short to tell, and is learnt from the next one', async () => {
    const { contactId } = await write('anna@customer.example', 'ok');
    expect(await languageOf(contactId)).toBeNull();
    await write('anna@customer.example', 'Wo bleibt meine Bestellung? Ich warte seit zwei Wochen.');
    expect(await languageOf(contactId)).toBe('de');
  });

  it('is not taken from an auto-reply, and an agent’s choice is never overwritten', async () => {
    const { contactId } = await write('ooo@customer.example', 'I am out of the office until Monday and will reply when I am back.', { autoReply: true });
    expect(await languageOf(contactId)).toBeNull();
    await admin.ok('PATCH', `/api/contacts/${contactId}`, { language: 'tr' });
    await write('ooo@customer.example', 'Hello, could you tell me where my order is? It has been two weeks.');
    expect(await languageOf(contactId)).toBe('tr');
  });
});
