import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/svelte';
import ConversationRow from './ConversationRow.svelte';
import { makeApp, renderWithApp } from '../../../test/render';
import { conversation } from '../../../test/fake-server';

describe('ConversationRow', () => {
  it('never leaves the name blank: a contact without one reads as unnamed (in Turkish too)', () => {
    const { app } = makeApp({});
    app.i18n.setLocale('tr');
    renderWithApp(ConversationRow, { item: conversation({ id: 'c1', contact: { id: 'p1', name: null, identities: [] } }), selected: false, onSelect: () => {} }, app);
    expect(screen.getByText('İsimsiz kişi', { selector: 'strong' })).toBeTruthy();
  });
});
