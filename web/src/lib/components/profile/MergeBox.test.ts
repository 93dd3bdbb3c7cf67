import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import ProfilePanel from './ProfilePanel.svelte';
import { makeApp, renderWithApp } from '../../../test/render';
import { contactProfile } from '../../../test/fake-server';

const person = (id: string, name: string, email: string) =>
  contactProfile({ id, name, identities: [{ id: `${id}-e`, kind: 'email', value: email, attributes: {}, undeliverable: false, undeliverableReason: null }] });
const summary = (id: string, name: string, email: string) => ({ id, name, identities: [{ kind: 'email', value: email }], labels: [], lastInboundAt: null });

function setup() {
  let current = person('p1', 'Ayşe Yılmaz', 'ayse@example.com');
  const { app, server } = makeApp({
    'GET /api/contacts/p1': () => current,
    // Like the real search, the contact being viewed matches too; the box must not offer it.
    'GET /api/contacts': (r) => ({
      items: [summary('p1', 'Ayşe Yılmaz', 'ayse@example.com'), summary('p2', 'Ayse Y.', 'ayse.y@example.com'), summary('p3', 'Ayşe Kaya', 'kaya@example.com')].filter((c) =>
        c.name.toLocaleLowerCase('tr').startsWith(r.query.get('q')!.toLocaleLowerCase('tr').slice(0, 2)),
      ),
      nextCursor: null,
    }),
    'POST /api/contacts/merge/preview': (r) => ({
      intoId: 'p1',
      fromId: r.body.fromId,
      name: current.name,
      labels: [],
      conversationCount: 2,
      identities: [...current.identities, ...person(r.body.fromId, '', `${r.body.fromId}@example.com`).identities],
    }),
    'POST /api/contacts/merge': () => {
      current = { ...current, identities: [...current.identities, person('p3', '', 'kaya@example.com').identities[0]!] };
      return { mergeId: 'm1', contact: current };
    },
  });
  return { app, server };
}

// The profile's own selects have options too; the candidates are the listbox's.
const candidates = () => within(document.getElementById('merge-candidates')!);

/** The profile panel of p1, as the app shows it, with the merge box opened. */
async function openBox() {
  const { app, server } = setup();
  await app.profile.open('p1');
  renderWithApp(ProfilePanel, { onOpenConversation: () => {} }, app);
  fireEvent.click(await screen.findByText('Merge another contact into this one'));
  const combo = screen.getByRole('combobox', { name: 'Find the contact to merge in (name, email or phone)' }) as HTMLInputElement;
  return { app, server, combo };
}

describe('MergeBox', () => {
  it('finds the other contact by name, is chosen with the keyboard, previews, and merges on confirmation', async () => {
    const { app, server, combo } = await openBox();
    expect(combo.getAttribute('aria-expanded')).toBe('false');

    await fireEvent.input(combo, { target: { value: 'Ay' } });
    const options = await candidates().findAllByRole('option');
    expect(options.map((o) => o.textContent?.replace(/\s+/g, ' ').trim())).toEqual(['Ayse Y. ayse.y@example.com', 'Ayşe Kaya kaya@example.com']);
    expect(combo.getAttribute('aria-expanded')).toBe('true');
    expect(combo.getAttribute('aria-controls')).toBe(screen.getByRole('listbox').id);
    screen.getByText('2 matching contacts; use the arrow keys to choose');

    await fireEvent.keyDown(combo, { key: 'ArrowDown' });
    expect(combo.getAttribute('aria-activedescendant')).toBe('merge-option-p2');
    await fireEvent.keyDown(combo, { key: 'ArrowDown' });
    expect(combo.getAttribute('aria-activedescendant')).toBe('merge-option-p3');
    expect(candidates().getByRole('option', { selected: true }).textContent).toContain('Ayşe Kaya');
    await fireEvent.keyDown(combo, { key: 'ArrowDown' }); // wraps to the first
    await fireEvent.keyDown(combo, { key: 'ArrowUp' }); // and back to the last
    expect(combo.getAttribute('aria-activedescendant')).toBe('merge-option-p3');
    await fireEvent.keyDown(combo, { key: 'Enter' });

    await screen.findByText('After merging: 2 identities, 2 conversations.');
    expect(server.calls.find((c) => c.path === '/api/contacts/merge/preview')!.body).toEqual({ intoId: 'p1', fromId: 'p3' });
    expect(server.calls.some((c) => c.path === '/api/contacts/merge')).toBe(false);
    await fireEvent.click(screen.getByRole('button', { name: 'Merge now' }));

    await waitFor(() => expect(server.calls.find((c) => c.path === '/api/contacts/merge')?.body).toEqual({ intoId: 'p1', fromId: 'p3' }));
    await waitFor(() => expect(app.profile.contact?.identities).toHaveLength(2));
    expect(((await screen.findByRole('combobox', { name: /Find the contact/ })) as HTMLInputElement).value).toBe('');
    expect(screen.queryByRole('button', { name: 'Merge now' })).toBeNull();
  });

  it('closes the list with Escape, picks by pointer, and lets the agent choose someone else', async () => {
    const { combo } = await openBox();
    await fireEvent.input(combo, { target: { value: 'Ay' } });
    await candidates().findAllByRole('option');
    await fireEvent.keyDown(combo, { key: 'Escape' });
    expect(combo.getAttribute('aria-expanded')).toBe('false');
    await fireEvent.keyDown(combo, { key: 'ArrowDown' });
    expect(combo.getAttribute('aria-expanded')).toBe('true');
    await fireEvent.click(candidates().getByRole('option', { name: /Ayse Y\./ }));
    await screen.findByText('After merging: 2 identities, 2 conversations.');
    await fireEvent.click(screen.getByRole('button', { name: 'Choose another' }));
    expect(screen.queryByText(/After merging/)).toBeNull();
    expect(screen.getByRole('combobox', { name: /Find the contact/ })).toBeTruthy();
  });

  it('says when nothing matches', async () => {
    const { combo } = await openBox();
    await fireEvent.input(combo, { target: { value: 'Zz' } });
    // Once on screen and once in the live region that announces the result count.
    expect((await screen.findAllByText('No matching contact')).length).toBe(2);
    expect(candidates().queryAllByRole('option', { hidden: true })).toHaveLength(0);
  });

  it('offers a contact without a name by their phone, so it can be found and chosen', async () => {
    const { app } = makeApp({
      'GET /api/contacts/p1': () => person('p1', 'Ayşe Yılmaz', 'ayse@example.com'),
      'GET /api/contacts': () => ({ items: [{ id: 'p9', name: null, identities: [{ kind: 'phone', value: '+905321112233' }], labels: [], lastInboundAt: null }], nextCursor: null }),
      'POST /api/contacts/merge/preview': () => ({ intoId: 'p1', fromId: 'p9', name: 'Ayşe Yılmaz', labels: [], conversationCount: 2, identities: [] }),
    });
    await app.profile.open('p1');
    renderWithApp(ProfilePanel, { onOpenConversation: () => {} }, app);
    fireEvent.click(await screen.findByText('Merge another contact into this one'));
    const combo = screen.getByRole('combobox', { name: 'Find the contact to merge in (name, email or phone)' });
    await fireEvent.input(combo, { target: { value: '0532' } });
    const option = await candidates().findByRole('option');
    expect(option.querySelector('.name')?.textContent).toBe('+905321112233');
    await fireEvent.click(option);
    expect(screen.getByText('+905321112233', { selector: 'strong' })).toBeTruthy();
  });
});
