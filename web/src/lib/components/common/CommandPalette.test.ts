import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen } from '@testing-library/svelte';
import CommandPalette from './CommandPalette.svelte';
import { makeApp, renderWithApp } from '../../../test/render';

describe('CommandPalette', () => {
  it('filters commands as you type and runs the highlighted one with Enter', async () => {
    const { app } = makeApp({});
    const go = vi.spyOn(app.router, 'go').mockImplementation(() => {});
    const onClose = vi.fn();
    renderWithApp(CommandPalette, { onClose, onSearch: vi.fn(), onHelp: vi.fn() }, app);
    const input = screen.getByRole('combobox');
    await fireEvent.input(input, { target: { value: 'rep' } });
    expect(screen.getAllByRole('option').map((o) => o.textContent?.trim())).toEqual(['Reports']);
    await fireEvent.keyDown(input, { key: 'Enter' });
    expect(onClose).toHaveBeenCalled();
    expect(go).toHaveBeenCalledWith({ name: 'reports' });
  });

  it('runs a command picked with the pointer', async () => {
    const { app } = makeApp({});
    const go = vi.spyOn(app.router, 'go').mockImplementation(() => {});
    renderWithApp(CommandPalette, { onClose: vi.fn(), onSearch: vi.fn(), onHelp: vi.fn() }, app);
    await fireEvent.click(screen.getByRole('option', { name: 'Contacts' }));
    expect(go).toHaveBeenCalledWith({ name: 'contacts', contactId: null });
  });
});
