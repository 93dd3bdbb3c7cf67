// Presence in real browsers: the admin sees an agent viewing and typing in the same conversation, and sees them go as
// soon as the agent closes the tab (a "left" sent with keepalive), not after the server's 30 s expiry.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiChannel, signedInAs, signedInPage, useUlak } from './support/use-ulak';
import { hasChromium } from './support/browser';

describe.skipIf(!hasChromium)('presence in real browsers', () => {
  const ulak = useUlak();
  const agent = { email: 'ayse@example.com', password: 'agent password 1', name: 'Ayşe Destek' };

  async function agentPage(url: string): Promise<Page> {
    const page = await signedInAs(ulak, agent, { width: 1280, height: 800 });
    await page.goto(url);
    return page;
  }

  it('shows who is viewing and typing, and forgets a closed tab at once', async () => {
    const channel = await apiChannel(ulak, 'Shop API');
    const { conversationId } = await channel.inbound({ externalId: 'pr-1', from: { id: 'cust-1', name: 'Selin Aydın' }, text: 'Kargom nerede?' });
    await ulak.api.call('POST', '/api/users', { ...agent, roles: ['agent'] });
    const url = `${ulak.server.url}/#/inbox/${conversationId}`;

    const adminPage = await signedInPage(ulak, { width: 1280, height: 800 }, { inbox: true });
    await adminPage.goto(url);
    const note = adminPage.getByRole('status').filter({ hasText: agent.name });

    const ayse = await agentPage(url);
    await note.getByText(`${agent.name} is viewing`).waitFor({ timeout: 20_000 });
    await ayse.getByRole('textbox', { name: 'Reply' }).pressSequentially('Merhaba');
    await note.getByText(`${agent.name} is typing…`).waitFor({ timeout: 20_000 });

    // The server forgets a silent agent after 30 s; closing the tab must say "left" well before that.
    await ayse.context().close();
    await note.waitFor({ state: 'detached', timeout: 25_000 });
    const others = await ulak.api.call('GET', `/api/conversations/${conversationId}/presence`);
    expect(others.items).toEqual([]);
    await adminPage.close();
  });
});
