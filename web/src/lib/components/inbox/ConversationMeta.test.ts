import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen } from '@testing-library/svelte';
import ConversationMeta from './ConversationMeta.svelte';
import { makeApp, renderWithApp } from '../../../test/render';
import { conversation, label } from '../../../test/fake-server';

const users = [
  { id: 'u1', email: 'a@x.com', name: 'Ada', roles: ['agent' as const], locale: 'en' as const },
  { id: 'u2', email: 'b@x.com', name: 'Barış', roles: ['agent' as const], locale: 'tr' as const },
];

function setup() {
  const { app } = makeApp({});
  const onUpdate = vi.fn();
  const current = { ...conversation({ id: 'c1', labels: ['vip'] }), contactId: 'p1' };
  renderWithApp(
    ConversationMeta,
    {
      conversation: current,
      users,
      teams: [],
      labels: [label({ name: 'vip', color: '#f00' }), label({ name: 'refund', color: '#0f0' })],
      onUpdate,
    },
    app,
  );
  return onUpdate;
}

function choose(select: HTMLSelectElement, value: string) {
  (select.querySelector(`option[value="${value}"]`) as HTMLOptionElement).selected = true;
  return fireEvent.change(select);
}

describe('ConversationMeta', () => {
  it('assigns the conversation to the chosen agent, or back to nobody', async () => {
    const onUpdate = setup();
    await choose(screen.getByLabelText('Assignee') as HTMLSelectElement, 'u2');
    expect(onUpdate).toHaveBeenLastCalledWith({ assigneeId: 'u2' });
    await choose(screen.getByLabelText('Assignee') as HTMLSelectElement, '');
    expect(onUpdate).toHaveBeenLastCalledWith({ assigneeId: null });
  });

  it('adds and removes labels', async () => {
    const onUpdate = setup();
    await choose(screen.getByLabelText('Add label') as HTMLSelectElement, 'refund');
    expect(onUpdate).toHaveBeenLastCalledWith({ labels: ['vip', 'refund'] });
    await fireEvent.click(screen.getByRole('button', { name: 'Remove label vip' }));
    expect(onUpdate).toHaveBeenLastCalledWith({ labels: [] });
  });
});
