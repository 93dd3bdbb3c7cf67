// The smaller inbox defects of #12 end to end: a nameless contact is visible and findable, links in messages open,
// an unsent reply stays with its conversation, a reply on an API channel without a webhook says it is stored, a new
// API channel is ready (not "stopped"), resolving moves on, and the template variables hint reads whole.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { blur, hasChromium } from './support/browser';
import { apiChannel, signedInPage, useUlak } from './support/use-ulak';

describe.skipIf(!hasChromium)('inbox polish in a real browser', () => {
  const ulak = useUlak();
  let page: Page;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    // No webhook: the integrator fetches replies through the API.
    const channel = await apiChannel(ulak, 'Pull API');
    await apiChannel(ulak, 'Fresh API');
    ids.named = (await channel.inbound({ externalId: 'n-1', from: { id: 'cust-1', name: 'Deniz Ak' }, text: 'Kargo takibi: https://kargo.example/t/88431. Teşekkürler' })).conversationId;
    ids.nameless = (await channel.inbound({ externalId: 'a-1', from: { id: 'cust-2', phone: '+905321112233' }, text: 'İade nasıl yapılır?' })).conversationId;
    page = await signedInPage(ulak, { width: 1280, height: 800 }, { inbox: true });
  });

  it('shows a contact without a name by their phone in the thread, profile and Contacts, and never as a blank row', async () => {
    const row = page.locator(`[data-conversation-id="${ids.nameless}"] .name`);
    expect((await row.innerText()).trim()).not.toBe('');
    await page.goto(`${ulak.server.url}/#/inbox/${ids.nameless}`);
    await page.getByRole('heading', { level: 1, name: '+905321112233' }).waitFor();
    await page.getByRole('link', { name: 'Contacts', exact: true }).click();
    const link = page.getByRole('table').getByRole('link', { name: '+905321112233' });
    const box = (await link.boundingBox())!;
    expect(box.width).toBeGreaterThan(40);
    await link.click();
    await page.getByRole('complementary', { name: 'Contact profile' }).getByRole('heading', { level: 2, name: '+905321112233' }).waitFor();
  });

  it('opens a link in a message in a new tab, safely', async () => {
    await page.goto(`${ulak.server.url}/#/inbox/${ids.named}`);
    const link = page.locator('article').getByRole('link', { name: 'https://kargo.example/t/88431' });
    expect(await link.getAttribute('href')).toBe('https://kargo.example/t/88431');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer nofollow');
  });

  it('keeps an unsent reply with its conversation, through opening another one and a reload', async () => {
    const reply = page.getByRole('textbox', { name: 'Reply' });
    await reply.fill('Taslak: yarın ararım');
    await page.locator(`[data-conversation-id="${ids.nameless}"]`).click();
    await page.getByRole('heading', { level: 1, name: '+905321112233' }).waitFor();
    expect(await reply.inputValue()).toBe('');
    await page.locator(`[data-conversation-id="${ids.named}"]`).click();
    await page.getByRole('heading', { level: 1, name: 'Deniz Ak' }).waitFor();
    await expect.poll(() => reply.inputValue()).toBe('Taslak: yarın ararım');
    await page.reload();
    await expect.poll(() => reply.inputValue()).toBe('Taslak: yarın ararım');
    await reply.fill('');
  });

  it('says a reply on an API channel with no webhook is stored for the integrator', async () => {
    await page.getByRole('textbox', { name: 'Reply' }).fill('Kargonuz yarın teslim edilecek.');
    await page.getByRole('button', { name: 'Send' }).click();
    const reply = page.locator('article.out', { hasText: 'Kargonuz yarın' });
    await reply.getByText('Stored for the integrator').waitFor({ timeout: 20_000 });
    const messages = await ulak.api.call('GET', `/api/conversations/${ids.named}/messages`);
    expect(messages.items.find((m: { text: string }) => m.text === 'Kargonuz yarın teslim edilecek.').status).toBe('sent');
  });

  it('moves on to the next conversation after resolving', async () => {
    await blur(page);
    const before = page.url();
    await page.locator('.thread-header').getByRole('button', { name: 'Resolve', exact: true }).click();
    await expect.poll(() => page.url()).not.toBe(before);
    expect(page.url()).toBe(`${ulak.server.url}/#/inbox/${ids.nameless}`);
    expect((await ulak.api.call('GET', `/api/conversations/${ids.named}`)).status).toBe('resolved');
  });

  it('lists a new API channel as ready for its first message, not stopped', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    const fresh = page.locator('li.card', { hasText: 'Fresh API' });
    await fresh.getByText('Ready, waiting for the first message').waitFor();
    expect(await fresh.innerText()).not.toMatch(/stopped/i);
  });

  it('shows the template variables hint whole', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Automation' }).click();
    await page.getByRole('button', { name: /^New workflow/ }).click();
    await page.getByLabel('Step type').selectOption('send_template');
    await page.getByRole('button', { name: 'Add to Steps' }).click();
    await page.getByText('Variables', { exact: true }).click();
    await page.getByText('Add a fallback with {{contact.firstName | "there"}}.', { exact: false }).waitFor();
  });
});
