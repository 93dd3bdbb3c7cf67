// Bulk actions and macros in a real browser: shift-select a range, resolve it, undo, then run a macro from the palette.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { admin, buildWeb, hasChromium, launchChromium, root, signIn } from './support/browser';
import { startUlak, type UlakServer } from './support/ulak-server';
import { ApiSession, postSignedInbound } from './support/api-session';
import { eventually } from '../support/api-channel';

beforeAll(() => {
  if (hasChromium) buildWeb();
});

describe.skipIf(!hasChromium)('bulk actions and macros in a real browser', () => {
  let server: UlakServer;
  let browser: Browser;
  let api: ApiSession;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startUlak(root);
    api = new ApiSession(server.url);
    await api.call('POST', '/api/setup', admin);
    const channel = await api.call('POST', '/api/channels', { kind: 'api', name: 'Shop API', config: {} });
    // Posted oldest first, so the list shows Deniz, Cem, Berk, Ali.
    for (const name of ['Ali', 'Berk', 'Cem', 'Deniz']) {
      ids[name] = (await postSignedInbound(server.url, channel.id, channel.secret, { externalId: `bulk-${name}`, from: { id: `cust-${name}`, name }, text: `Merhaba, ben ${name}` })).conversationId;
    }
    const canned = await api.call('POST', '/api/canned-responses', { shortCode: 'thanks', content: 'Thank you {{contact.firstName}}!' });
    await api.call('POST', '/api/macros', {
      name: 'Thank and tag',
      actions: [
        { type: 'reply', cannedResponseId: canned.id },
        { type: 'label', add: ['thanked'] },
      ],
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const statusOf = async (name: string) => (await api.call('GET', `/api/conversations/${ids[name]}`)).status as string;

  it('shift-selects a range, resolves it in bulk, and undoes', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    await signIn(page, server.url);
    await page.getByRole('checkbox', { name: 'Select Deniz' }).click();
    await page.getByRole('checkbox', { name: 'Select Berk' }).click({ modifiers: ['Shift'] });
    const toolbar = page.getByRole('toolbar', { name: 'Bulk actions' });
    await toolbar.getByText('3 selected').waitFor();
    // Each box shows what is selected: the two clicked and the one between them, not the one outside the range.
    const ticked = (name: string) => page.getByRole('checkbox', { name: `Select ${name}` }).isChecked();
    expect([await ticked('Deniz'), await ticked('Cem'), await ticked('Berk'), await ticked('Ali')]).toEqual([true, true, true, false]);
    await toolbar.getByRole('button', { name: 'Resolve', exact: true }).click();
    await page.getByText('3 conversations updated').waitFor();
    expect([await statusOf('Deniz'), await statusOf('Cem'), await statusOf('Berk'), await statusOf('Ali')]).toEqual(['resolved', 'resolved', 'resolved', 'open']);
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await eventually(async () => (await statusOf('Berk')) === 'open');
    expect([await statusOf('Deniz'), await statusOf('Cem'), await statusOf('Berk'), await statusOf('Ali')]).toEqual(['open', 'open', 'open', 'open']);
    await page.getByRole('checkbox', { name: 'Select Cem' }).waitFor();
    await page.close();
  });

  it('runs a macro on the open conversation from the command palette', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    await signIn(page, server.url);
    await page.goto(`${server.url}/#/inbox/${ids.Ali}`);
    await page.getByText('Merhaba, ben Ali').first().waitFor();
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog');
    await palette.getByRole('combobox').fill('macro');
    // The conversation's commands join the palette once the thread and the macros have loaded.
    await palette.getByRole('option', { name: 'Run macro…' }).waitFor();
    await page.keyboard.press('Enter');
    await palette.getByRole('option', { name: 'Thank and tag' }).click();
    await page.getByRole('status').filter({ hasText: 'Ran “Thank and tag”' }).getByRole('button', { name: 'Undo' }).waitFor();
    await eventually(async () => (await api.call('GET', `/api/conversations/${ids.Ali}`)).labels.includes('thanked'));
    const messages = (await api.call('GET', `/api/conversations/${ids.Ali}/messages`)).items.map((m: { text: string }) => m.text);
    expect(messages).toContain('Thank you Ali!');
    await page.getByText('Thank you Ali!').first().waitFor();
    await page.close();
  });

  it('edits a macro in Settings (its steps open as saved) and deletes it only after asking', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    await signIn(page, server.url);
    await page.goto(`${server.url}/#/settings/macros`);
    const row = page.getByRole('listitem').filter({ hasText: 'Thank and tag' });
    await row.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: 'Edit macro' }).waitFor();
    expect(await page.getByRole('combobox', { name: 'Add label', exact: true }).inputValue()).toBe('thanked');
    await page.getByRole('combobox', { name: 'Add label', exact: true }).fill('thanked, followed-up');
    await page.getByRole('button', { name: 'Save macro' }).click();
    await page.getByRole('heading', { name: 'New macro' }).waitFor();
    const [macro] = (await api.call('GET', '/api/macros')).items;
    expect(macro.actions).toEqual([expect.objectContaining({ type: 'reply' }), expect.objectContaining({ type: 'label', add: ['thanked', 'followed-up'] })]);

    await row.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Are you sure?' });
    await dialog.getByText('Delete “Thank and tag”? This cannot be undone.').waitFor();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No macros yet.').waitFor();
    expect((await api.call('GET', '/api/macros')).items).toEqual([]);
    await page.close();
  });
});
