import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import App from './App.svelte';
import { conversation, message } from './test/fake-server';
import { admin, inboxWorld } from './test/inbox-world';

const world = inboxWorld;

describe('App', () => {
  it('walks from first-run setup into the inbox', async () => {
    const { app } = world();
    render(App, { props: { app } });
    await screen.findByText('Welcome to Ulak');
    await fireEvent.input(screen.getByLabelText('Your name'), { target: { value: 'Ada' } });
    await fireEvent.input(screen.getByLabelText('Email'), { target: { value: admin.email } });
    await fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'correct horse' } });
    await fireEvent.submit(screen.getByRole('button', { name: 'Create account' }).closest('form')!);
    await screen.findByText('Ayşe');
    expect(screen.getByRole('navigation', { name: 'Conversation views' }).textContent).toContain('Unassigned');
  });

  it('shows a new conversation pushed over realtime without a reload', async () => {
    const { app, sources, conversations } = world();
    await app.session.setup({ email: admin.email, password: 'x'.repeat(8), name: 'Ada' });
    render(App, { props: { app } });
    await screen.findByText('Ayşe');
    conversations.unshift(conversation({ id: 'c2', contact: { id: 'p2', name: 'Mehmet', identities: [] }, lastActivityAt: '2026-11-21T10:00:00Z' }));
    sources.at(-1)!.emit('conversation.created', { type: 'conversation.created', conversationId: 'c2' });
    await screen.findByText('Mehmet');
    await waitFor(() => expect(screen.getByRole('navigation', { name: 'Conversation views' }).textContent).toContain('2'));
  });

  it('switches every label to Turkish from the language menu and saves the choice', async () => {
    const { app, server } = world();
    await app.session.setup({ email: admin.email, password: 'x'.repeat(8), name: 'Ada' });
    render(App, { props: { app } });
    await screen.findByText('Unassigned');
    const language = screen.getByLabelText('Language') as HTMLSelectElement;
    (language.querySelector('option[value="tr"]') as HTMLOptionElement).selected = true;
    await fireEvent.change(language);
    await screen.findByText('Atanmamış');
    expect(screen.getByRole('link', { name: 'Gelen kutusu' })).toBeTruthy();
    expect(server.calls.find((c) => c.method === 'PATCH' && c.path === '/api/me')?.body).toEqual({ locale: 'tr' });
  });
});

describe('App with a conversation open', () => {
  it('keeps the open thread in place when a realtime update arrives for it', async () => {
    const { app, sources, server, messages, conversations } = world();
    await app.session.setup({ email: admin.email, password: 'x'.repeat(8), name: 'Ada' });
    location.hash = '#/inbox/c1';
    render(App, { props: { app } });
    await screen.findByText('Kargom nerede?', { selector: 'p' });
    messages.c1.push(message({ id: 'm2', conversationId: 'c1', text: 'Hâlâ bekliyorum', createdAt: '2026-11-20T11:00:00Z' }));
    conversations[0] = { ...conversations[0], unreadCount: 1, lastActivityAt: '2026-11-20T11:00:00Z' };
    sources.at(-1)!.emit('message.created', { type: 'message.created', conversationId: 'c1', messageId: 'm2' });
    await screen.findByText('Hâlâ bekliyorum', { selector: 'p' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(screen.getByText('Kargom nerede?', { selector: 'p' })).toBeTruthy();
    // One load on open and one refresh for the event; a reopening loop would make many more.
    expect(server.calls.filter((c) => c.path === '/api/conversations/c1/messages').length).toBeLessThanOrEqual(3);
    location.hash = '';
  });
});
