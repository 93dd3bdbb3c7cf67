// Reply suggestions on a seeded workspace: held-out questions get the right canned response first, variables filled, picks learned.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';
import { conversationWith, HELD_OUT, openConversation, seedSupport } from './seed-support.ts';

describe('reply suggestions', () => {
  let t: TestApp;
  let admin: Client;
  let agent: Client;
  let canned: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await Client.admin(t.app);
    agent = await admin.user(['agent']);
    canned = await seedSupport(t.database);
  });
  afterAll(() => t.close());

  it('ranks the right canned response first for held-out customer messages', async () => {
    let top1 = 0;
    let top3 = 0;
    const misses: string[] = [];
    for (const [i, [code, text]] of HELD_OUT.entries()) {
      const { conversationId } = await openConversation(t.database, `Yeni ${i}`, text);
      const { items } = await agent.ok('GET', `/api/conversations/${conversationId}/suggestions`);
      const at = items.findIndex((s: any) => s.source === 'canned' && s.id === canned[code]);
      if (at === 0) top1++;
      else misses.push(`${text} → ${items.map((s: any) => s.text.slice(0, 30)).join(' | ')}`);
      if (at >= 0 && at < 3) top3++;
    }
    console.log(`suggestions: top-1 ${top1}/${HELD_OUT.length}, top-3 ${top3}/${HELD_OUT.length}`, misses);
    expect(top1).toBe(HELD_OUT.length);
    expect(top3).toBe(HELD_OUT.length);
  });

  it('fills the variables of a canned response for this customer', async () => {
    const { conversationId } = await openConversation(t.database, 'Ayşe Yılmaz', 'İade etmek istiyorum');
    const { items } = await agent.ok('GET', `/api/conversations/${conversationId}/suggestions`);
    expect(items[0]).toEqual({
      id: canned.iade,
      source: 'canned',
      text: 'Merhaba Ayşe Yılmaz, iade talebinizi aldık. Ürünü faturasıyla birlikte 14 gün içinde ücretsiz iade kodu ile gönderebilirsiniz.',
    });
    expect(items.length).toBeLessThanOrEqual(3);
  });

  it('suggests a past agent reply that was not a canned response, and learns from picks', async () => {
    await conversationWith(t.database, 'Eski', 'resolved', [
      ['in', 'Hediye paketi yapıyor musunuz?'],
      ['out', 'Evet, ödeme adımında hediye paketi seçeneği var.'],
    ]);
    await conversationWith(t.database, 'Eski 2', 'resolved', [
      ['in', 'Hediye paketi ve not ekleyebilir miyim?'],
      ['out', 'Not ekleme alanı sepette, hediye paketinin altında.'],
    ]);
    const { conversationId } = await openConversation(t.database, 'Can', 'Hediye paketi mümkün mü?');
    const before = (await agent.ok('GET', `/api/conversations/${conversationId}/suggestions`)).items;
    expect(before.map((s: any) => s.source)).toEqual(['history', 'history']);
    const second = before[1];
    expect(await agent.ok('POST', `/api/conversations/${conversationId}/suggestions/${second.id}/picked`)).toEqual({ source: 'history', id: second.id, count: 1 });
    await agent.ok('POST', `/api/conversations/${conversationId}/suggestions/${second.id}/picked`);
    await agent.ok('POST', `/api/conversations/${conversationId}/suggestions/${second.id}/picked`);
    const after = (await agent.ok('GET', `/api/conversations/${conversationId}/suggestions`)).items;
    expect(after[0].id).toBe(second.id);
  });

  it("never offers another customer's name: a past reply is filled with this customer's, or left out without one", async () => {
    for (const name of ['Hakan Yıldız', 'Ayşe Kaya'])
      await conversationWith(t.database, name, 'resolved', [
        ['in', 'Mağazanızda otopark var mı?'],
        ['out', `Merhaba ${name.split(' ')[0]} ${name.startsWith('A') ? 'Hanım' : 'Bey'}, mağazamızın arkasında ücretsiz otopark var.`],
      ]);
    const suggested = async (name: string) => {
      const { conversationId } = await openConversation(t.database, name, 'Otopark var mı mağazada?');
      return (await agent.ok('GET', `/api/conversations/${conversationId}/suggestions`)).items.map((s: any) => [s.source, s.text]);
    };
    // The two replies differ only in the name: one suggestion, counted twice.
    expect(await suggested('Elif Su')).toEqual([['history', 'Merhaba Elif, mağazamızın arkasında ücretsiz otopark var.']]);
    expect(await suggested('')).toEqual([]);
  });

  it('answers empty when the message has no searchable words, 404 for unknown ids, 403 for a marketer', async () => {
    const { conversationId } = await openConversation(t.database, 'Selam', 'Merhaba!');
    expect(await agent.ok('GET', `/api/conversations/${conversationId}/suggestions`)).toEqual({ items: [] });
    expect((await agent.call('GET', '/api/conversations/00000000-0000-4000-8000-000000000000/suggestions')).status).toBe(404);
    expect((await agent.call('POST', `/api/conversations/${conversationId}/suggestions/00000000-0000-4000-8000-000000000000/picked`)).body.error.code).toBe('not_found');
    const marketer = await admin.user(['marketer']);
    expect((await marketer.call('GET', `/api/conversations/${conversationId}/suggestions`)).status).toBe(403);
  });
});
