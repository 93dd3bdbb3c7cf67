// Each role lands where its work is and sees only the controls it may use.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/svelte';
import App from './App.svelte';
import { admin, inboxWorld } from './test/inbox-world';

const marketer = { ...admin, id: 'u2', email: 'mina@example.com', name: 'Mina', roles: ['marketer'] };
const agent = { ...admin, id: 'u3', email: 'ali@example.com', name: 'Ali', roles: ['agent'] };

function signedInAs(user: typeof admin, locale: 'en' | 'tr' = 'en') {
  const world = inboxWorld({
    'GET /api/auth/session': () => ({ user: { ...user, locale }, csrfToken: 't1', needsSetup: false }),
    'GET /api/workflows': () => ({ items: [] }),
    'GET /api/campaigns': () => ({ items: [] }),
    'GET /api/users': () => ({ status: 403, body: { error: { code: 'forbidden', message: 'no' } } }),
  });
  render(App, { props: { app: world.app } });
  return world;
}

// Unmounted before the hash is reset, so no earlier app's router reacts to it.
afterEach(() => {
  cleanup();
  location.hash = '';
});

describe('landing by role', () => {
  it('takes a marketer to Automation, not to an inbox whose buttons would fail', async () => {
    signedInAs(marketer);
    await screen.findByRole('heading', { name: 'Automation' }, { timeout: 10_000 });
    expect(location.hash).toBe('#/automation/workflows');
  });

  it('takes an agent to the inbox', async () => {
    signedInAs(agent);
    await screen.findByText('Ayşe');
    expect(location.hash).not.toContain('automation');
  });

  it('shows a marketer a conversation read-only: a banner in their language and no answer, resolve or assign controls', async () => {
    location.hash = '#/inbox/c1';
    signedInAs(marketer, 'tr');
    await screen.findByText('Kargom nerede?', { selector: 'p' });
    expect(screen.getByRole('note').textContent).toBe('Konuşmaları okuyabilirsiniz ama yanıtlayamazsınız.');
    expect(location.hash).toBe('#/inbox/c1');
    for (const name of ['Çöz', 'Ertele', 'Bana ata']) expect(screen.queryByRole('button', { name })).toBeNull();
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.queryByRole('combobox', { name: /Öncelik/ })).toBeNull();
  });

  it('gives an agent the same conversation with every control and no banner', async () => {
    location.hash = '#/inbox/c1';
    signedInAs(agent);
    await screen.findByText('Kargom nerede?', { selector: 'p' });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Resolve' })).toBeTruthy());
    expect(screen.queryByText('You can read conversations but not answer them.')).toBeNull();
    expect(screen.getAllByRole('textbox')).toHaveLength(1);
  });
});
