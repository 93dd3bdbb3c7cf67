import { afterEach, describe, expect, it } from 'vitest';
import { tick } from 'svelte';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import App from '../App.svelte';
import { conversation } from '../test/fake-server';
import { admin, inboxWorld } from '../test/inbox-world';

async function openFirst(extra: ReturnType<typeof conversation>[], routes: Parameters<typeof inboxWorld>[0] = {}) {
  const world = inboxWorld({
    ...routes,
    'PATCH /api/conversations/:id': (r) => {
      const id = r.path.split('/')[3];
      const index = world.conversations.findIndex((c) => c.id === id);
      world.conversations[index] = { ...world.conversations[index]!, ...r.body };
      return { ...world.conversations[index], contactId: 'p1' };
    },
  });
  world.conversations.push(...extra);
  await world.app.session.setup({ email: admin.email, password: 'x'.repeat(8), name: 'Ada' });
  location.hash = '#/inbox/c1';
  render(App, { props: { app: world.app } });
  await screen.findByText('Kargom nerede?', { selector: 'p' });
  return world;
}

afterEach(() => {
  location.hash = '';
});

describe('resolving from the inbox', () => {
  it('moves on to the next conversation in the list', async () => {
    const world = await openFirst([conversation({ id: 'c2', contact: { id: 'p2', name: 'Mehmet', identities: [] } })]);
    await fireEvent.click(screen.getByRole('button', { name: 'Resolve' }));
    await waitFor(() => expect(location.hash).toBe('#/inbox/c2'));
    expect(world.conversations[0]!.status).toBe('resolved');
  });

  it('keeps the resolved conversation on screen when it was the only one', async () => {
    const world = await openFirst([]);
    await fireEvent.click(screen.getByRole('button', { name: 'Resolve' }));
    await screen.findByRole('button', { name: 'Reopen' });
    expect(location.hash).toBe('#/inbox/c1');
    expect(world.conversations[0]!.status).toBe('resolved');
  });

  it('stays put on other changes, such as snoozing', async () => {
    const world = await openFirst([conversation({ id: 'c2', contact: { id: 'p2', name: 'Mehmet', identities: [] } })]);
    await fireEvent.click(screen.getAllByRole('button', { name: 'Snooze' })[0]!);
    await waitFor(() => expect(world.conversations[0]!.status).toBe('snoozed'));
    await waitFor(() => expect(document.querySelector('[data-status]')?.getAttribute('data-status')).toBe('snoozed'));
    expect(location.hash).toBe('#/inbox/c1');
  });
});

describe('selecting conversations for a bulk action', () => {
  it('names each box after what its row shows, so a contact with no name is read by their handle, not an id', async () => {
    await openFirst([conversation({ id: '4add3491-0000-4000-8000-000000000000', contact: { id: 'p2', name: null, identities: [{ kind: 'phone', value: '+905321112233' }] } })]);
    const box = await screen.findByRole('checkbox', { name: 'Select +905321112233' });
    expect(box.getAttribute('aria-label')).not.toContain('4add3491');
    expect(screen.getByRole('checkbox', { name: 'Select Ayşe' })).toBeTruthy();
  });
});

describe('undoing a resolve or snooze', () => {
  it('offers Undo after resolving, which puts the status back and returns to the conversation', async () => {
    const world = await openFirst([conversation({ id: 'c2', contact: { id: 'p2', name: 'Mehmet', identities: [] } })]);
    const before = world.conversations[0]!.status;
    await fireEvent.click(screen.getByRole('button', { name: 'Resolve' }));
    await waitFor(() => expect(location.hash).toBe('#/inbox/c2'));
    expect(screen.getByText('Conversation resolved').closest('[role="status"]')).not.toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(world.conversations[0]!.status).toBe(before));
    await waitFor(() => expect(location.hash).toBe('#/inbox/c1'));
    const patches = world.server.calls.filter((c) => c.method === 'PATCH').map((c) => c.body);
    expect(patches).toEqual([{ status: 'resolved' }, { status: before, snoozedUntil: null }]);
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
  });
});

describe('running a macro from the command palette', () => {
  it('says which macro ran and offers Undo, which puts the conversation back as it was', async () => {
    const ran = { status: 'resolved' as const, labels: ['thanked'] };
    const world = await openFirst([], {
      'GET /api/macros': () => ({ items: [{ id: 'm1', name: 'Thank and tag', actions: [{ type: 'label', add: ['thanked'], remove: [] }, { type: 'resolve' }] }] }),
      'POST /api/conversations/:id/macros/:macroId/run': () => {
        Object.assign(world.conversations[0]!, ran);
        return { macroId: 'm1', conversationId: 'c1', messageIds: [] };
      },
      'POST /api/conversations/bulk': () => ({ updated: 1, ids: ['c1'], previous: [] }),
    });
    await fireEvent.keyDown(document.body, { key: 'k', ctrlKey: true });
    await fireEvent.click(await screen.findByRole('option', { name: 'Run macro…' }));
    await fireEvent.click(screen.getByRole('option', { name: 'Thank and tag' }));
    const toast = await screen.findByText('Ran “Thank and tag”');
    expect(toast.closest('[role="status"]')).not.toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    // Taken before the macro ran: its status and labels as they were, not as the macro left them.
    await waitFor(() =>
      expect(world.server.calls.filter((c) => c.path === '/api/conversations/bulk').map((c) => c.body)).toEqual([
        { action: { type: 'restore', previous: [{ id: 'c1', status: 'open', snoozedUntil: null, assigneeId: null, labels: [] }] } },
      ]),
    );
    expect(screen.queryByText('Ran “Thank and tag”')).toBeNull();
  });
  it('says a reply the macro sent stays sent, since Undo cannot take it back', async () => {
    await openFirst([], {
      'GET /api/macros': () => ({ items: [{ id: 'm2', name: 'Thank', actions: [{ type: 'reply', cannedResponseId: 'cr1' }, { type: 'resolve' }] }] }),
      'POST /api/conversations/:id/macros/:macroId/run': () => ({ macroId: 'm2', conversationId: 'c1', messageIds: ['m-sent'] }),
    });
    await fireEvent.keyDown(document.body, { key: 'k', ctrlKey: true });
    await fireEvent.click(await screen.findByRole('option', { name: 'Run macro…' }));
    await fireEvent.click(screen.getByRole('option', { name: 'Thank' }));
    expect(await screen.findByText('Ran “Thank”. Its reply is sent; Undo puts back the rest')).toBeTruthy();
  });
});

describe('keyboard focus after a dialog, a shortcut or Undo', () => {
  const mehmet = () => conversation({ id: 'c2', contact: { id: 'p2', name: 'Mehmet', identities: [] } });
  const row = (id: string) => document.querySelector(`[data-conversation-id="${id}"]`);

  it('goes to the current row when the help dialog closes and nothing had focus before it', async () => {
    await openFirst([mehmet()]);
    await fireEvent.keyDown(document.body, { key: '?' });
    await fireEvent.keyDown(screen.getByRole('dialog', { name: 'Keyboard shortcuts' }), { key: 'Escape' });
    await waitFor(() => expect(document.activeElement).toBe(row('c1')));
  });

  it('goes back to what had it before the dialog opened', async () => {
    await openFirst([mehmet()]);
    const filter = screen.getByRole('searchbox', { name: 'Filter conversations' });
    filter.focus();
    await fireEvent.keyDown(document.body, { key: '?' });
    await fireEvent.keyDown(screen.getByRole('dialog', { name: 'Keyboard shortcuts' }), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(filter);
  });

  it("goes to the next conversation's row after e resolves the open one, and back to its row after Undo", async () => {
    await openFirst([mehmet()]);
    await fireEvent.keyDown(document.body, { key: 'e' });
    await waitFor(() => expect(location.hash).toBe('#/inbox/c2'));
    await waitFor(() => expect(document.activeElement).toBe(row('c2')));
    // As a keyboard reaches it: focus on Undo, which goes away with the toast.
    const undo = screen.getByRole('button', { name: 'Undo' });
    undo.focus();
    await fireEvent.click(undo);
    await waitFor(() => expect(location.hash).toBe('#/inbox/c1'));
    await waitFor(() => expect(document.activeElement).toBe(row('c1')));
  });

  it("goes to the next conversation's row after resolving from the command palette", async () => {
    await openFirst([mehmet()]);
    await fireEvent.keyDown(document.body, { key: 'k', ctrlKey: true });
    await fireEvent.click(await screen.findByRole('option', { name: 'Resolve conversation' }));
    await waitFor(() => expect(location.hash).toBe('#/inbox/c2'));
    await waitFor(() => expect(document.activeElement).toBe(row('c2')));
  });
});

describe('a new workspace', () => {
  async function openInbox(world: ReturnType<typeof inboxWorld>) {
    await world.app.session.setup({ email: admin.email, password: 'x'.repeat(8), name: 'Ada' });
    location.hash = '#/inbox';
    render(App, { props: { app: world.app } });
  }

  /** The channel list and the counts have been answered and drawn. */
  async function facetsRead(world: ReturnType<typeof inboxWorld>) {
    await waitFor(() => expect(['/api/channels', '/api/conversations/counts'].every((path) => world.server.calls.some((c) => c.path === path))).toBe(true));
    await tick();
  }

  it('shows an admin where to connect the first channel while nothing is connected and nothing has arrived', async () => {
    const world = inboxWorld();
    world.conversations.splice(0);
    await openInbox(world);
    await screen.findByRole('heading', { name: 'Connect your first channel' });
    expect(screen.getByRole('link', { name: 'Add a channel' }).getAttribute('href')).toBe('#/settings/channels');
  });

  it('tells anyone else that an admin connects channels', async () => {
    const agent = { ...admin, roles: ['agent'] };
    const world = inboxWorld({
      'GET /api/auth/session': () => ({ user: agent, csrfToken: 't1', needsSetup: false }),
      'POST /api/setup': () => ({ status: 201, body: { user: agent, csrfToken: 't1' } }),
    });
    world.conversations.splice(0);
    await openInbox(world);
    await screen.findByText(/an admin adds them in Settings/);
    expect(screen.queryByRole('link', { name: 'Add a channel' })).toBeNull();
  });

  it('shows no first steps once a conversation exists, even with no channel left', async () => {
    const world = inboxWorld();
    await openInbox(world);
    await facetsRead(world);
    await screen.findByText('Kargom nerede?');
    await screen.findByText('Select a conversation to read it.');
    expect(screen.queryByRole('heading', { name: 'Connect your first channel' })).toBeNull();
  });

  it('shows no first steps once a channel is connected', async () => {
    const world = inboxWorld({ 'GET /api/channels': () => ({ items: [{ id: 'ch1', kind: 'email', name: 'Destek', active: true, config: {}, health: null }] }) });
    world.conversations.splice(0);
    await openInbox(world);
    await facetsRead(world);
    await screen.findByRole('button', { name: /Destek/ });
    await screen.findByText('Select a conversation to read it.');
    expect(screen.queryByRole('heading', { name: 'Connect your first channel' })).toBeNull();
  });
});
