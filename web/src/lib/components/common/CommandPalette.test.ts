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

  it("offers the screens the user's roles open, as the top navigation does", async () => {
    const screensFor = (roles: ('admin' | 'agent' | 'marketer')[]) => {
      const { app } = makeApp({});
      app.session.user = { id: 'u1', email: 'u@example.com', name: 'U', roles, locale: 'en' };
      const view = renderWithApp(CommandPalette, { onClose: vi.fn(), onSearch: vi.fn(), onHelp: vi.fn() }, app);
      const names = ['Inbox', 'Contacts', 'Reports', 'Analytics', 'Automation', 'Settings'].filter((name) => screen.queryByRole('option', { name }));
      view.unmount();
      return names;
    };
    expect(screensFor(['agent'])).toEqual(['Inbox', 'Contacts', 'Reports']);
    expect(screensFor(['marketer'])).toEqual(['Inbox', 'Contacts', 'Reports', 'Analytics', 'Automation']);
    expect(screensFor(['admin'])).toEqual(['Inbox', 'Contacts', 'Reports', 'Analytics', 'Automation', 'Settings']);
  });

  it('runs a command picked with the pointer', async () => {
    const { app } = makeApp({});
    const go = vi.spyOn(app.router, 'go').mockImplementation(() => {});
    renderWithApp(CommandPalette, { onClose: vi.fn(), onSearch: vi.fn(), onHelp: vi.fn() }, app);
    await fireEvent.click(screen.getByRole('option', { name: 'Contacts' }));
    expect(go).toHaveBeenCalledWith({ name: 'contacts', contactId: null });
  });

  it("lists the open conversation's commands first, and one with choices shows them next", async () => {
    const { app } = makeApp({});
    const assigned: string[] = [];
    app.palette.set([
      { id: 'conv-assign', label: 'Assign to…', choices: () => [{ id: 'assign-ayse', label: 'Ayşe', run: () => assigned.push('ayse') }] },
      { id: 'conv-resolve', label: 'Resolve conversation', run: () => {} },
    ]);
    const onClose = vi.fn();
    renderWithApp(CommandPalette, { onClose, onSearch: vi.fn(), onHelp: vi.fn() }, app);
    expect(
      screen
        .getAllByRole('option')
        .slice(0, 2)
        .map((o) => o.textContent?.trim()),
    ).toEqual(['Assign to…', 'Resolve conversation']);
    const input = screen.getByRole('combobox');
    await fireEvent.input(input, { target: { value: 'assign' } });
    await fireEvent.keyDown(input, { key: 'Enter' });
    expect(onClose).not.toHaveBeenCalled();
    expect(screen.getAllByRole('option').map((o) => o.textContent?.trim())).toEqual(['Ayşe', 'Back']);
    await fireEvent.keyDown(input, { key: 'Enter' });
    expect(onClose).toHaveBeenCalled();
    expect(assigned).toEqual(['ayse']);
  });
});
