// Users end to end: an admin adds an agent in Settings; the agent signs in and sees only what the role allows.
import { describe, expect, it } from 'vitest';
import { admin, hasChromium, shots } from './support/browser';
import { apiChannel, signedInPage, useUlak } from './support/use-ulak';

describe.skipIf(!hasChromium)('users and roles in a real browser', () => {
  const ulak = useUlak();

  it('adds an agent from Settings, who then signs in without admin screens', async () => {
    const page = await signedInPage(ulak, { width: 1280, height: 720 });
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'Users' }).click();
    // Exact: until the Users tab has replaced Channels, "Name" would also match the channel form's name fields.
    await page.getByLabel('Name', { exact: true }).fill('Deniz Agent');
    await page.getByLabel('Email').fill('deniz@example.com');
    await page.getByLabel('Password').fill('agent password 1');
    await page.getByLabel('Agent', { exact: true }).check();
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('cell', { name: 'deniz@example.com' }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').fill('deniz@example.com');
    await page.getByLabel('Password').fill('agent password 1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Conversation views' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Settings' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Automation' }).count()).toBe(0);
    await page.close();
  });

  it('creates a workflow from the preset gallery and opens the campaign builder', async () => {
    const page = await signedInPage(ulak, { width: 1280, height: 720 }, { inbox: true });
    await page.goto(`${ulak.server.url}/#/automation/workflows`);
    await page.getByRole('heading', { name: 'Automation' }).waitFor();
    // Asked with the page's own session cookie, so a 401 cannot be mistaken for a missing API.
    await page.getByRole('button', { name: /^Birthday greeting/ }).click();
    await page.getByRole('heading', { name: 'Edit “Birthday greeting” (version 1)' }).waitFor();
    expect(await page.getByLabel('Starts when').inputValue()).toBe('date_attribute');
    await page.getByRole('button', { name: 'Advanced: JSON' }).click();
    expect(await page.getByLabel('Definition (JSON)').inputValue()).toContain('trigger');
    const listed = await (await page.request.get(`${ulak.server.url}/api/workflows`)).json();
    expect(listed.items).toHaveLength(1);
    // A preset opens as a draft: it goes live only when the marketer enables it.
    expect(listed.items[0].enabled).toBe(false);
    await page.screenshot({ path: `${shots}automation.png`, fullPage: true });
    await page.goto(`${ulak.server.url}/#/automation/campaigns`);
    await page.getByRole('heading', { name: 'Audience' }).waitFor();
    await page.close();
  });

  it('builds a campaign, starts it and watches its progress to the end', async () => {
    // The server runs on the real clock: without this, the default quiet hours (21:00–09:00 Istanbul) hold the campaign every night.
    await ulak.api.call('PATCH', '/api/workspace', { quietHours: { start: '00:00', end: '00:00' } });
    const channel = await apiChannel(ulak, 'Shop API');
    await channel.inbound({ externalId: 'cmp-1', from: { id: 'ayse', name: 'Ayşe Demir' }, text: 'Merhaba' });
    const contacts = await ulak.api.call('GET', '/api/contacts?q=Ay%C5%9Fe');
    await ulak.api.call('PATCH', `/api/contacts/${contacts.items[0].id}`, { language: 'tr' });

    const page = await signedInPage(ulak, { width: 1280, height: 720 });
    await page.goto(`${ulak.server.url}/#/automation/campaigns`);
    await page.getByText('1 contact matches').waitFor();
    await page.getByLabel('Campaign name').fill('Bayram greetings');
    await page.getByLabel('Message in Türkçe').fill('İyi bayramlar {{contact.firstName}}!');
    await page.getByLabel('Shop API (API)').check();
    await page.getByRole('button', { name: 'Create' }).click();
    const item = page.getByRole('listitem').filter({ hasText: 'Bayram greetings' });
    await item.getByText('Draft').waitFor();
    await item.getByRole('button', { name: 'Start' }).click();
    // Starting sends to the whole audience: it is confirmed in a dialog that names the campaign.
    const confirm = page.getByRole('dialog', { name: 'Are you sure?' });
    await confirm.getByText('Start the campaign “Bayram greetings”?').waitFor();
    await confirm.getByRole('button', { name: 'Start', exact: true }).click();
    await item.getByText('Completed').waitFor({ timeout: 20_000 });
    await item.getByText('1 of 1 handled (100%)').waitFor({ timeout: 10_000 });
    expect(await item.getByRole('button').count()).toBe(0);
    await page.screenshot({ path: `${shots}campaigns.png`, fullPage: true });
    await page.close();
  });

  it('explains a wrong password instead of failing silently', async () => {
    const page = await ulak.browser.newPage({ viewport: { width: 1280, height: 720 }, locale: 'en-GB' });
    await page.goto(ulak.server.url);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('That email and password do not match an account.').waitFor();
    await page.close();
  });
});
