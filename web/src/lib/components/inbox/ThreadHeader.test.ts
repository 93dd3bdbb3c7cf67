import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/svelte';
import ThreadHeader from './ThreadHeader.svelte';
import ProfilePanel from '../profile/ProfilePanel.svelte';
import { makeApp, renderWithApp } from '../../../test/render';
import { contactProfile, conversation } from '../../../test/fake-server';

const channelId = '0b6f4a52-3c1e-4c8e-9d2a-5f1e2d3c4b5a';
const shopApi = { id: channelId, kind: 'api' as const, name: 'Shop API', config: {} };
const contact = contactProfile({
  id: 'p1',
  identities: [
    { id: 'i1', kind: 'api', value: `${channelId}:cust-42`, attributes: {}, undeliverable: false, undeliverableReason: null },
    { id: 'i2', kind: 'email', value: 'zeynep@example.com', attributes: {}, undeliverable: false, undeliverableReason: null },
  ],
});

async function setup(name: string | null) {
  const { app } = makeApp({ 'GET /api/contacts/p1': () => ({ ...contact, name }), 'GET /api/channels': () => [shopApi] });
  await app.inbox.loadFacets();
  await app.profile.open('p1');
  return app;
}

describe('API identities in the thread header and profile', () => {
  const current = { ...conversation({ id: 'c1', contact: { id: 'p1', name: 'Zeynep Kaya', identities: [] }, channel: { id: channelId, kind: 'api', name: 'Shop API' } }), contactId: 'p1' };
  const noop = () => {};

  it("shows the customer's id in the integrator's system and the channel name, never the stored prefix", async () => {
    const app = await setup('Zeynep Kaya');
    const { container } = renderWithApp(ThreadHeader, { conversation: current, userId: null, onUpdate: noop, onBack: noop, onShowProfile: noop }, app);
    expect(screen.getByRole('heading', { name: 'Zeynep Kaya' })).toBeTruthy();
    screen.getByText('cust-42 · Shop API');
    expect(container.textContent).not.toContain(channelId);
  });

  it('names a nameless contact by their best identity (the email before an integrator id), as everywhere else', async () => {
    const app = await setup(null);
    renderWithApp(ThreadHeader, { conversation: { ...current, contact: { id: 'p1', name: null, identities: [] } }, userId: null, onUpdate: noop, onBack: noop, onShowProfile: noop }, app);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('zeynep@example.com');
    screen.getByText('cust-42 · Shop API');
  });

  it('names a nameless contact in the profile the same way, never with an empty heading', async () => {
    const app = await setup(null);
    renderWithApp(ProfilePanel, { onOpenConversation: noop }, app);
    expect(screen.getByRole('heading', { level: 2, name: 'zeynep@example.com' })).toBeTruthy();
  });

  it('lists the API identity under the channel name in the profile', async () => {
    const app = await setup('Zeynep Kaya');
    renderWithApp(ProfilePanel, { onOpenConversation: noop }, app);
    const items = within(screen.getByRole('complementary'))
      .getAllByRole('listitem')
      .map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
    expect(items).toContain('Shop API cust-42');
    expect(items).toContain('Email zeynep@example.com');
  });
});
