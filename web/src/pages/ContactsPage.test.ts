import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/svelte';
import ContactsPage from './ContactsPage.svelte';
import { makeApp, renderWithApp } from '../test/render';
import { contactProfile } from '../test/fake-server';

const profile = (id: string, identities: number) =>
  contactProfile({
    id,
    name: `Person ${id}`,
    identities: Array.from({ length: identities }, (_, i) => ({ id: `${id}-i${i}`, kind: 'email', value: `${id}${i}@example.com`, attributes: {}, undeliverable: false, undeliverableReason: null })),
    figures: { firstSeenAt: '2026-01-01T00:00:00.000Z', lastInboundAt: null, lastOutboundAt: null, conversationCount: 0, orderValue: null },
  });

/** The page as an agent sees it: merge suggestions are theirs to confirm. */
function asAgent(routes: Parameters<typeof makeApp>[0]) {
  const made = makeApp(routes);
  made.app.session.user = { id: 'u1', email: 'agent@example.com', name: 'Agent', roles: ['agent'], locale: 'en' };
  return made;
}

describe('ContactsPage', () => {
  it('asks a marketer nothing about merging, so no refusal shows', async () => {
    const { app, server } = makeApp({ 'GET /api/contacts': () => ({ items: [], nextCursor: null }) });
    app.session.user = { id: 'u2', email: 'mert@example.com', name: 'Mert', roles: ['marketer'], locale: 'en' };
    renderWithApp(ContactsPage, { contactId: null, mergeFrom: null }, app);
    await waitFor(() => expect(server.calls.some((c) => c.path === '/api/contacts')).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.calls.map((c) => c.path)).not.toContain('/api/contacts/merge-suggestions');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('lists suggested duplicates and previews the merge when one is opened', async () => {
    const { app, server } = asAgent({
      'GET /api/contacts': () => ({ items: [], nextCursor: null }),
      'GET /api/contacts/merge-suggestions': () => ({ items: [{ into: { id: 'a', name: 'Ayşe' }, from: { id: 'b', name: 'Ayse Y.' }, reason: 'same phone number', at: '2026-11-20T10:00:00Z' }] }),
      'GET /api/contacts/a': () => profile('a', 1),
      // The real preview's shape: the kept fields, every identity of both, and the summed conversation count.
      'POST /api/contacts/merge/preview': () => ({ intoId: 'a', fromId: 'b', name: 'Ayşe', labels: [], conversationCount: 2, identities: profile('a', 3).identities }),
    });
    renderWithApp(ContactsPage, { contactId: 'a', mergeFrom: 'b' }, app);
    expect((await screen.findByRole('link', { name: 'Ayşe ← Ayse Y.' })).getAttribute('href')).toBe('#/contacts/a/merge/b');
    await screen.findByText('After merging: 3 identities, 2 conversations.');
    expect(server.calls.find((c) => c.path === '/api/contacts/merge/preview')?.body).toEqual({ intoId: 'a', fromId: 'b' });
  });

  it('says why a pair is suggested and lets the agent dismiss it', async () => {
    const { app, server } = asAgent({
      'GET /api/contacts': () => ({ items: [], nextCursor: null }),
      'GET /api/contacts/merge-suggestions': () => ({
        items: [{ into: { id: 'm1', name: 'Mehmet Öztürk' }, from: { id: 'm2', name: 'mehmet öztürk' }, reason: 'same name', at: '2026-11-20T10:00:00Z' }],
      }),
      'POST /api/contacts/merge-suggestions/dismiss': () => ({ ok: true }),
    });
    renderWithApp(ContactsPage, { contactId: null, mergeFrom: null }, app);
    await screen.findByText('same full name, different channel');
    await fireEvent.click(screen.getByRole('button', { name: 'Not the same person' }));
    await waitFor(() => expect(screen.queryByText('same full name, different channel')).toBeNull());
    expect(server.calls.find((c) => c.path === '/api/contacts/merge-suggestions/dismiss')?.body).toEqual({ intoId: 'm1', fromId: 'm2' });
  });
});

describe('ContactsPage with a contact who never gave a name', () => {
  it('links the row by their phone, and the profile is headed by it too', async () => {
    const nameless = { ...profile('n1', 0), name: null, identities: [{ id: 'n1-p', kind: 'phone', value: '+905321112233', attributes: {}, undeliverable: false, undeliverableReason: null }] };
    const { app } = asAgent({
      'GET /api/contacts': () => ({ items: [{ id: 'n1', name: null, identities: [{ kind: 'phone', value: '+905321112233' }], labels: [], lastInboundAt: null }], nextCursor: null }),
      'GET /api/contacts/merge-suggestions': () => ({ items: [] }),
      'GET /api/contacts/n1': () => nameless,
    });
    renderWithApp(ContactsPage, { contactId: 'n1', mergeFrom: null }, app);
    const link = await screen.findByRole('link', { name: '+905321112233' });
    expect(link.getAttribute('href')).toBe('#/contacts/n1');
    expect(await screen.findByRole('heading', { level: 2, name: '+905321112233' })).toBeTruthy();
  });
});

describe('ContactsPage after a merge', () => {
  it('reloads the list when a contact is merged in, and again when an admin undoes the merge', async () => {
    const summary = (id: string, name: string) => ({ id, name, identities: [], labels: [], lastInboundAt: null });
    let listed = [summary('a', 'Ayşe'), summary('b', 'Ayse Y.')];
    const { app, server } = asAgent({
      'GET /api/contacts': () => ({ items: listed, nextCursor: null }),
      'GET /api/contacts/merge-suggestions': () => ({ items: [] }),
      'GET /api/contacts/a': () => profile('a', 1),
      'POST /api/contacts/merge/preview': () => ({ intoId: 'a', fromId: 'b', name: 'Ayşe', labels: [], conversationCount: 2, identities: profile('a', 2).identities }),
      'POST /api/contacts/merge': () => {
        listed = [summary('a', 'Ayşe')];
        return { mergeId: 'm1', contact: profile('a', 2) };
      },
      'POST /api/contacts/merges/m1/revert': () => {
        listed = [summary('a', 'Ayşe'), summary('b', 'Ayse Y.')];
        return { intoId: 'a', fromId: 'b' };
      },
    });
    app.session.user = { id: 'u1', name: 'Ada', email: 'ada@example.com', roles: ['admin'], locale: 'en' } as NonNullable<typeof app.session.user>;
    renderWithApp(ContactsPage, { contactId: 'a', mergeFrom: 'b' }, app);
    await screen.findByRole('link', { name: 'Ayse Y.' });
    await fireEvent.click(await screen.findByRole('button', { name: 'Merge now' }));
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Ayse Y.' })).toBeNull());
    await screen.findByText('Contacts merged.');
    await fireEvent.click(screen.getByRole('button', { name: 'Undo merge' }));
    await screen.findByRole('link', { name: 'Ayse Y.' });
    expect(server.calls.filter((c) => c.path === '/api/contacts/merges/m1/revert')).toHaveLength(1);
    expect(screen.queryByText('Contacts merged.')).toBeNull();
  });
});
