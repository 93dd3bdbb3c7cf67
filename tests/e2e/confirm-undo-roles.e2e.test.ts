// Destructive actions ask first, resolve can be undone, and a marketer lands on Automation with a read-only inbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { admin, buildWeb, hasChromium, launchChromium, root, signIn } from './support/browser';
import { startUlak, type UlakServer } from './support/ulak-server';
import { ApiSession, postSignedInbound } from './support/api-session';

beforeAll(() => {
  if (hasChromium) buildWeb();
});

describe.skipIf(!hasChromium)('confirmations, undo and role landing in a real browser', () => {
  let server: UlakServer;
  let browser: Browser;
  let api: ApiSession;
  let channel: { id: string; secret: string };
  let conversationId: string;
  const marketer = { email: 'mina@example.com', password: 'marketer password 1', name: 'Mina Marketer' };

  beforeAll(async () => {
    server = await startUlak(root);
    api = new ApiSession(server.url);
    await api.call('POST', '/api/setup', admin);
    channel = await api.call('POST', '/api/channels', { kind: 'api', name: 'Shop API', config: {} });
    conversationId = (await postSignedInbound(server.url, channel.id, channel.secret, { externalId: 'cu-1', from: { id: 'cust-1', name: 'Selin Aydın' }, text: 'Siparişim nerede?' })).conversationId;
    await api.call('POST', '/api/users', { ...marketer, roles: ['marketer'] });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('asks before deleting a channel and refuses while a conversation on it is open, saying how many', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    await signIn(page, server.url);
    await page.getByRole('navigation', { name: 'Conversation views' }).waitFor();
    await page.goto(`${server.url}/#/settings/channels`);
    await page.getByText('Shop API').first().waitFor();
    await page.getByRole('listitem').filter({ hasText: 'Shop API' }).getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Are you sure?' });
    await dialog.getByText('Delete the channel “Shop API”?').waitFor();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByText('The channel “Shop API” still has 1 open conversation').waitFor();
    expect((await api.call('GET', `/api/channels/${channel.id}`)).name).toBe('Shop API');
    await page.close();
  });

  it('offers Undo after resolving, which reopens the conversation', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    await signIn(page, server.url);
    await page.getByRole('navigation', { name: 'Conversation views' }).waitFor();
    await page.goto(`${server.url}/#/inbox/${conversationId}`);
    await page.getByRole('button', { name: 'Resolve', exact: true }).click();
    await page.getByText('Conversation resolved').waitFor();
    expect((await api.call('GET', `/api/conversations/${conversationId}`)).status).toBe('resolved');
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await page.getByRole('button', { name: 'Resolve', exact: true }).waitFor();
    expect((await api.call('GET', `/api/conversations/${conversationId}`)).status).toBe('open');
    await page.close();
  });

  it('lands a marketer on Automation and shows conversations read-only', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    await page.goto(server.url);
    await page.getByLabel('Email').fill(marketer.email);
    await page.getByLabel('Password').fill(marketer.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Automation' }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/automation/workflows');
    await page.goto(`${server.url}/#/inbox/${conversationId}`);
    await page.getByText('Siparişim nerede?').first().waitFor();
    await page.getByText('You can read conversations but not answer them.').waitFor();
    expect(await page.getByRole('button', { name: 'Resolve', exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Assign to me' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Send', exact: true }).count()).toBe(0);
    await page.close();
  });
});
