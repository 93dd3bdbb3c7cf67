// Destructive actions ask first, resolve can be undone, and a marketer lands on Automation with a read-only inbox.
import { beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from './support/browser';
import { apiChannel, signedInPage, useUlak, type SeededChannel } from './support/use-ulak';

describe.skipIf(!hasChromium)('confirmations, undo and role landing in a real browser', () => {
  const ulak = useUlak();
  let channel: SeededChannel;
  let conversationId: string;
  const marketer = { email: 'mina@example.com', password: 'marketer password 1', name: 'Mina Marketer' };

  beforeAll(async () => {
    channel = await apiChannel(ulak, 'Shop API');
    conversationId = (await channel.inbound({ externalId: 'cu-1', from: { id: 'cust-1', name: 'Selin Aydın' }, text: 'Siparişim nerede?' })).conversationId;
    await ulak.api.call('POST', '/api/users', { ...marketer, roles: ['marketer'] });
  });

  it('asks before deleting a channel and refuses while a conversation on it is open, saying how many', async () => {
    const page = await signedInPage(ulak, { width: 1280, height: 800 }, { inbox: true });
    await page.goto(`${ulak.server.url}/#/settings/channels`);
    await page.getByText('Shop API').first().waitFor();
    await page.getByRole('listitem').filter({ hasText: 'Shop API' }).getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Are you sure?' });
    await dialog.getByText('Delete the channel “Shop API”?').waitFor();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByText('The channel “Shop API” still has 1 open conversation').waitFor();
    expect((await ulak.api.call('GET', `/api/channels/${channel.id}`)).name).toBe('Shop API');
    await page.close();
  });

  it('offers Undo after resolving, which reopens the conversation', async () => {
    const page = await signedInPage(ulak, { width: 1280, height: 800 }, { inbox: true });
    await page.goto(`${ulak.server.url}/#/inbox/${conversationId}`);
    await page.getByRole('button', { name: 'Resolve', exact: true }).click();
    await page.getByText('Conversation resolved').waitFor();
    expect((await ulak.api.call('GET', `/api/conversations/${conversationId}`)).status).toBe('resolved');
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await page.getByRole('button', { name: 'Resolve', exact: true }).waitFor();
    expect((await ulak.api.call('GET', `/api/conversations/${conversationId}`)).status).toBe('open');
    await page.close();
  });

  it('lands a marketer on Automation and shows conversations read-only', async () => {
    const page = await ulak.browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    await page.goto(ulak.server.url);
    await page.getByLabel('Email').fill(marketer.email);
    await page.getByLabel('Password').fill(marketer.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Automation' }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/automation/workflows');
    await page.goto(`${ulak.server.url}/#/inbox/${conversationId}`);
    await page.getByText('Siparişim nerede?').first().waitFor();
    await page.getByText('You can read conversations but not answer them.').waitFor();
    expect(await page.getByRole('button', { name: 'Resolve', exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Assign to me' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Send', exact: true }).count()).toBe(0);
    await page.close();
  });
});
