import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import App from './App.svelte';
import { contactProfile, conversation } from './test/fake-server';
import { admin, inboxWorld } from './test/inbox-world';

// Every letter, then what agents typed when the dialogs sent their letters to the inbox (#12 item 1).
const keys = [...'abcdefghijklmnopqrstuvwxyz', ...'kupon ekle', ...'istanbul', '/', '?'];

const contact = contactProfile({ id: 'p1', name: 'Ayşe', language: 'tr', timeZone: 'Europe/Istanbul' });

async function openInbox() {
  const world = inboxWorld({ 'GET /api/contacts/:id': () => contact, 'GET /api/contacts/:id/merge-suggestions': () => [] });
  world.conversations.push(conversation({ id: 'c2', contact: { id: 'p2', name: 'Mehmet', identities: [] } }));
  await world.app.session.setup({ email: admin.email, password: 'x'.repeat(8), name: 'Ada' });
  location.hash = '#/inbox/c1';
  render(App, { props: { app: world.app } });
  await screen.findByText('Kargom nerede?', { selector: 'p' });
  await screen.findByRole('heading', { name: 'Ayşe', level: 2 });
  world.server.calls.length = 0; // the sign-up before this is not the test's business
  return world;
}

/** Types into whatever has focus, as a keyboard does, and checks focus stayed where the typing went. */
async function typeAll() {
  const focused = document.activeElement!;
  for (const key of keys) await fireEvent.keyDown(document.activeElement!, { key });
  expect(document.activeElement).toBe(focused);
}

function expectNothingRan(world: Awaited<ReturnType<typeof openInbox>>, dialogs: number) {
  // resolve, snooze and assign would PATCH the conversation; j/k would move to another; / ? would open a dialog.
  expect(world.server.calls.filter((call) => call.method !== 'GET').map((call) => `${call.method} ${call.path}`)).toEqual([]);
  expect(location.hash).toBe('#/inbox/c1');
  expect(screen.queryAllByRole('dialog').length).toBe(dialogs);
}

afterEach(() => {
  location.hash = '';
});

describe('inbox shortcuts never act while something else has the keyboard', () => {
  it('search dialog: focuses its input, and every letter typed there stays there', async () => {
    const world = await openInbox();
    await fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect(document.activeElement).toBe(screen.getByRole('searchbox', { name: 'Search contacts and messages' }));
    await typeAll();
    expectNothingRan(world, 1);
  });

  it('command palette: focuses its input, and every letter typed there stays there', async () => {
    const world = await openInbox();
    await fireEvent.keyDown(document.body, { key: 'k', ctrlKey: true });
    expect(document.activeElement).toBe(screen.getByRole('combobox', { name: 'Type a command or search…' }));
    await typeAll();
    expectNothingRan(world, 1);
  });

  it('a dialog without a field focuses itself; any open dialog pauses shortcuts wherever focus is', async () => {
    const world = await openInbox();
    await fireEvent.keyDown(document.body, { key: '?' });
    expect(document.activeElement).toBe(screen.getByRole('dialog', { name: 'Keyboard shortcuts' }));
    await typeAll();
    screen.getByRole('button', { name: 'Close' }).focus();
    await typeAll();
    (document.activeElement as HTMLElement).blur();
    for (const key of keys) await fireEvent.keyDown(document.body, { key });
    expectNothingRan(world, 1);
  });

  it('every field on the inbox screen keeps its letters', async () => {
    const world = await openInbox();
    const fields = [...document.querySelectorAll<HTMLElement>('main input, main textarea, main select, main [contenteditable="true"]')];
    // The list filter, the reply box, and the profile's fields at least.
    expect(fields.length).toBeGreaterThanOrEqual(5);
    for (const field of fields) {
      field.focus();
      expect(document.activeElement).toBe(field);
      await typeAll();
    }
    expectNothingRan(world, 0);
  });

  it('still runs a shortcut when nothing has the keyboard', async () => {
    const world = await openInbox();
    await fireEvent.keyDown(document.body, { key: 'j' });
    expect(location.hash).toBe('#/inbox/c2');
    // Presence heartbeats only tell other agents who is looking; nothing else may be written.
    expect(world.server.calls.filter((call) => call.method !== 'GET' && !call.path.endsWith('/presence'))).toEqual([]);
  });
});
