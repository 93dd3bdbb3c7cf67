import { describe, expect, it } from 'vitest';
import { fireEvent, screen } from '@testing-library/svelte';
import HelpDialog from './HelpDialog.svelte';
import { makeApp, renderWithApp } from '../../../test/render';

describe('Modal (through the help dialog)', () => {
  it('is a labelled dialog that focuses itself when it has no field, keeps Tab inside and closes on Escape', async () => {
    const { app } = makeApp({});
    let closed = 0;
    renderWithApp(HelpDialog, { onClose: () => closed++ }, app);
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    const close = screen.getByRole('button', { name: 'Close' });
    // Not the close button: a space typed right after opening would close the dialog and the rest reach the inbox.
    expect(document.activeElement).toBe(dialog);
    await fireEvent.keyDown(dialog, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(close);
    await fireEvent.keyDown(dialog, { key: 'Tab' });
    expect(document.activeElement).toBe(close);
    await fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(closed).toBe(1);
  });
});
