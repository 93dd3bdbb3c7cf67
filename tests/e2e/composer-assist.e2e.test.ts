// Assistance in the composer (#15) in Chromium: a suggested reply inserted by Alt+1, then the workspace's model (a local
// chat-completions server, streaming) drafting into the composer, summarising into a panel and translating both ways;
// stop, and a failing model, leave the composer usable; with the feature off, or closed to the agent's role, nothing reaches the model server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium, shots } from './support/browser';
import { apiChannel, signedInAs, signedInPage, useUlak } from './support/use-ulak';
import { fakeModelServer } from '../assist/fake-model-server';
import { freePort } from '../../connectors/email/testing/free-port.ts';

const DRAFT = 'Merhaba Selin Hanım, kargonuz yarın teslim edilecek.';
const SUMMARY = 'Müşteri kargosunun ne zaman geleceğini soruyor; takip numarası henüz iletilmedi.';
const TRANSLATION = 'When will my parcel arrive? I still have no tracking number.';
const DRAFT_TRANSLATION = 'Kargonuzu hemen kontrol ediyorum.';

describe.skipIf(!hasChromium)('composer assistance in a real browser', () => {
  const ulak = useUlak();
  let page: Page;
  let conversationId: string;
  // The answer depends on what was asked, as a real model's would.
  const model = fakeModelServer(DRAFT, (body) => {
    const system: string = body?.messages?.[0]?.content ?? '';
    if (system.includes('You translate')) return body.messages[1].content.startsWith('I will check') ? DRAFT_TRANSLATION : TRANSLATION;
    if (system.includes('Summarise')) return SUMMARY;
    return DRAFT;
  });
  const composer = () => page.getByRole('textbox', { name: 'Reply' });
  const sentCount = async () => (await ulak.api.call('GET', `/api/conversations/${conversationId}/messages`)).items.filter((m: { direction: string }) => m.direction === 'out').length;

  beforeAll(async () => {
    await ulak.api.call('POST', '/api/canned-responses', { shortCode: 'kargo', content: 'Merhaba {{contact.name}}, kargonuz yola çıktı; takip numaranızı SMS ile ilettik.' });
    await ulak.api.call('POST', '/api/canned-responses', { shortCode: 'iade', content: 'İade talebinizi aldık; 14 gün içinde ücretsiz gönderebilirsiniz.' });
    const channel = await apiChannel(ulak, 'Shop API');
    const inbound = await channel.inbound({ externalId: 'kargo-1', from: { id: 'cust-1', name: 'Selin Ak' }, text: 'Kargom ne zaman gelir? Takip numarası gelmedi.' });
    conversationId = inbound.conversationId;
    await ulak.api.call('PATCH', `/api/contacts/${inbound.contactId}`, { language: 'tr' });
    page = await signedInPage(ulak, { width: 1280, height: 900 });
  });

  afterAll(() => model.stop());

  it('inserts a suggested reply with Alt+1, and with the model off shows no model buttons and calls nothing', async () => {
    const [first] = (await ulak.api.call('GET', `/api/conversations/${conversationId}/suggestions`)).items;
    expect(first.text).toBe('Merhaba Selin Ak, kargonuz yola çıktı; takip numaranızı SMS ile ilettik.');
    await page.goto(`${ulak.server.url}/#/inbox/${conversationId}`);
    const suggestions = page.getByRole('region', { name: 'Suggested replies' });
    await suggestions.getByRole('button').first().waitFor();
    await composer().click();
    const picked = page.waitForRequest((request) => request.url().endsWith(`/suggestions/${first.id}/picked`) && request.method() === 'POST');
    await page.keyboard.press('Alt+1');
    await picked;
    expect(await composer().inputValue()).toBe(first.text);
    await page.screenshot({ path: `${shots}assist-suggestions.png` });

    // The admin's screen knows the model is off: no buttons. Asking anyway is refused before anything leaves.
    expect(await page.getByRole('button', { name: 'Draft reply' }).count()).toBe(0);
    await expect(ulak.api.call('POST', `/api/conversations/${conversationId}/assist`, { task: 'draft' })).rejects.toThrow(/409.*ai_disabled/);
    expect(model.received.length).toBe(0);
    await composer().fill('');
  });

  it('sets up the model in Settings → AI, where Test names the failure, then succeeds, without saving until Save', async () => {
    await page.goto(`${ulak.server.url}/#/settings/ai`);
    // A port nothing listens on: the admin is told the connection was refused, by its code and in words.
    await page.getByLabel('Base URL', { exact: true }).fill(`http://127.0.0.1:${await freePort()}/v1`);
    await page.getByLabel('Model', { exact: true }).fill('llama-test');
    await page.getByLabel('API key', { exact: true }).fill('sk-local-1234');
    await page.getByLabel('Use the model for drafts, summaries and translations').check();
    await page.getByRole('button', { name: 'Test' }).click();
    await page.getByText('Test failed (ai_connection_refused)').waitFor();
    // A test saves nothing: a setup that fails is not turned on for anyone.
    expect((await ulak.api.call('GET', '/api/workspace/ai')).enabled).toBe(false);
    await page.getByLabel('Base URL', { exact: true }).fill(model.url);
    await page.getByRole('button', { name: 'Test' }).click();
    await page.getByText('The model llama-test answered').waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    expect((await ulak.api.call('GET', '/api/workspace/ai')).enabled).toBe(true);
    // Saved, the key is never shown again: only a mask.
    expect(await page.getByLabel('API key', { exact: true }).inputValue()).toBe('');
    expect(await page.getByLabel('API key', { exact: true }).getAttribute('placeholder')).toBe('********');
    await page.screenshot({ path: `${shots}assist-settings.png` });
    expect(model.received.at(-1)!.authorization).toBe('Bearer sk-local-1234');
  });

  it('streams a draft into the composer without sending it, a summary into the panel, and translations beside the originals', async () => {
    await page.goto(`${ulak.server.url}/#/inbox/${conversationId}`);
    const before = await sentCount();
    await page.getByRole('button', { name: 'Draft reply' }).click();
    await expect.poll(() => composer().inputValue(), { timeout: 15_000 }).toBe(DRAFT);
    expect(model.received.at(-1)!.body.stream).toBe(true);
    expect(await composer().isEditable()).toBe(true);

    await page.getByRole('button', { name: 'Summarise' }).click();
    const summary = page.getByRole('region', { name: 'Summary for handover' });
    await expect.poll(() => summary.textContent(), { timeout: 15_000 }).toContain(SUMMARY);

    const customerMessage = page.locator('article', { hasText: 'Kargom ne zaman gelir?' });
    await customerMessage.getByRole('button', { name: 'Translate' }).click();
    await expect.poll(() => customerMessage.getByRole('region', { name: 'Translation' }).textContent(), { timeout: 15_000 }).toContain(TRANSLATION);

    await composer().fill('I will check your parcel now.');
    await page.getByRole('button', { name: 'Translate my reply' }).click();
    const pair = page.locator('form.composer').getByRole('region', { name: 'Translation' });
    await expect.poll(() => pair.textContent(), { timeout: 15_000 }).toContain(DRAFT_TRANSLATION);
    expect(await pair.textContent()).toContain('I will check your parcel now.');
    await page.screenshot({ path: `${shots}assist-draft-summary-translation.png`, fullPage: true });
    await pair.getByRole('button', { name: 'Use the translation' }).click();
    expect(await composer().inputValue()).toBe(DRAFT_TRANSLATION);
    // Nothing went to the customer: only the agent sends.
    expect(await sentCount()).toBe(before);
  });

  it('stops a stream with the stop button and survives a failing model with a clear message', async () => {
    await composer().fill('');
    model.set({ kind: 'hang-mid-stream' });
    await page.getByRole('button', { name: 'Draft reply' }).click();
    await expect.poll(() => composer().inputValue(), { timeout: 15_000 }).toBe('Merhaba ');
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByRole('button', { name: 'Stop' }).waitFor({ state: 'detached' });
    expect(await composer().isEditable()).toBe(true);
    expect(await composer().inputValue()).toBe('Merhaba ');

    model.set({ kind: 'status', status: 500 });
    await composer().fill('Kendim yazıyorum.');
    await page.getByRole('button', { name: 'Draft reply' }).click();
    await page.getByText('The model server answered with an error. The composer is yours').waitFor();
    expect(await composer().inputValue()).toBe('Kendim yazıyorum.');
    await composer().press('Control+Enter');
    await page.locator('article', { hasText: 'Kendim yazıyorum.' }).waitFor();
    await page.screenshot({ path: `${shots}assist-model-error.png` });
    model.set({ kind: 'answer' });
  });

  it('closes the model to agents from Settings → AI: an agent then gets no model buttons and keeps the suggestions, until it is opened again', async () => {
    await page.goto(`${ulak.server.url}/#/settings/ai`);
    await page.getByRole('group', { name: 'Who may use the model' }).getByLabel('Agent', { exact: true }).uncheck();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    expect((await ulak.api.call('GET', '/api/workspace/ai')).roles).toEqual(['admin']);

    const agent = { email: 'deniz@example.com', password: 'agent password 1', name: 'Deniz Destek' };
    await ulak.api.call('POST', '/api/users', { ...agent, roles: ['agent'] });
    const agentPage = await signedInAs(ulak, agent, { width: 1280, height: 900 });
    await agentPage.goto(`${ulak.server.url}/#/inbox/${conversationId}`);
    await agentPage.getByRole('region', { name: 'Suggested replies' }).getByRole('button').first().waitFor();
    const asked = model.received.length;
    // The agent's screen asks whether this agent may use the model, and shows no button that would be refused.
    await agentPage.waitForLoadState('networkidle');
    expect(await agentPage.getByRole('button', { name: 'Draft reply' }).count()).toBe(0);
    expect(await agentPage.getByRole('button', { name: 'Translate' }).count()).toBe(0);
    expect(await agentPage.getByRole('region', { name: 'Suggested replies' }).getByRole('button').count()).toBeGreaterThan(0);
    expect(model.received.length).toBe(asked);
    await agentPage.screenshot({ path: `${shots}assist-not-permitted.png` });

    // Opened to agents again, the buttons are there for them on the next conversation they open.
    const settings = await ulak.api.call('GET', '/api/workspace/ai');
    await ulak.api.call('PUT', '/api/workspace/ai', { enabled: settings.enabled, baseUrl: settings.baseUrl, model: settings.model, maskPii: settings.maskPii, roles: ['admin', 'agent'] });
    await agentPage.reload();
    await agentPage.getByRole('button', { name: 'Draft reply' }).waitFor();
    await agentPage.context().close();
  });
});
