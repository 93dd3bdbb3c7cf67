import { describe, expect, it } from 'vitest';
import { tick } from 'svelte';
import { waitFor } from '@testing-library/svelte';
import ConversationList from './ConversationList.svelte';
import { makeApp, renderWithApp } from '../../../test/render';
import { conversation } from '../../../test/fake-server';

const people = ['Ayşe', 'Mehmet', 'Zeynep'].map((name, i) => conversation({ id: `c${i + 1}`, contact: { id: `p${i + 1}`, name, identities: [] } }));
const row = (id: string) => document.querySelector<HTMLElement>(`[data-conversation-id="${id}"]`);

describe('ConversationList', () => {
  it('hands focus to the row in its place when a live update takes away the focused row, instead of dropping it to the page', async () => {
    const { app } = makeApp({});
    const props = { items: people, selectedId: 'c1', loading: false, hasMore: false, onSelect: () => {}, onLoadMore: () => {} };
    const view = renderWithApp(ConversationList, props, app);
    await waitFor(() => expect(row('c2')).not.toBeNull());
    row('c2')!.focus();
    expect(document.activeElement).toBe(row('c2'));
    // Another agent resolved Mehmet's conversation: its row leaves the "open" view.
    await view.rerender({ ...props, items: [people[0]!, people[2]!] });
    await tick();
    await waitFor(() => expect(document.activeElement).toBe(row('c3')));
  });

  it('leaves focus alone when it was elsewhere', async () => {
    const { app } = makeApp({});
    const props = { items: people, selectedId: 'c1', loading: false, hasMore: false, onSelect: () => {}, onLoadMore: () => {} };
    const view = renderWithApp(ConversationList, props, app);
    await waitFor(() => expect(row('c2')).not.toBeNull());
    await view.rerender({ ...props, items: [people[0]!, people[2]!] });
    await tick();
    expect(document.activeElement).toBe(document.body);
  });
});
