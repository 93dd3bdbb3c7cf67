import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import Composer from './Composer.svelte';
import { makeApp, renderWithApp } from '../../../test/render';

const channels = [{ id: 'wa', kind: 'whatsapp' as const, name: 'WhatsApp TR', config: {} }];
const canned = [{ id: 'r1', shortCode: 'thanks', content: 'Thank you for writing to us!' }];

function setup() {
  const { app } = makeApp({});
  const onSend = vi.fn(async () => true);
  renderWithApp(Composer, { channels, canned, sending: false, onSend }, app);
  return { onSend, textarea: screen.getByRole('textbox') as HTMLTextAreaElement };
}

describe('Composer', () => {
  it('sends the reply with Ctrl+Enter and clears the box', async () => {
    const { onSend, textarea } = setup();
    await fireEvent.input(textarea, { target: { value: 'On its way' } });
    await fireEvent.keyDown(textarea, { key: 'Enter', ctrlKey: true });
    await tick();
    expect(onSend).toHaveBeenCalledWith({ text: 'On its way', private: false });
    expect(textarea.value).toBe('');
  });

  it('sends a private note when "Private note" is chosen, without a channel', async () => {
    const { onSend, textarea } = setup();
    await fireEvent.click(screen.getByLabelText('Private note'));
    await fireEvent.input(textarea, { target: { value: 'Refund approved' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add note' }));
    expect(onSend).toHaveBeenCalledWith({ text: 'Refund approved', private: true });
  });

  it('sends on the channel the agent picked', async () => {
    const { onSend, textarea } = setup();
    const picker = screen.getByLabelText('Send via') as HTMLSelectElement;
    (picker.querySelector('option[value="wa"]') as HTMLOptionElement).selected = true;
    await fireEvent.change(picker);
    await fireEvent.input(textarea, { target: { value: 'Hi' } });
    await fireEvent.keyDown(textarea, { key: 'Enter', metaKey: true });
    expect(onSend).toHaveBeenCalledWith({ text: 'Hi', private: false, channelId: 'wa' });
  });

  it('expands a canned response typed as /shortcut', async () => {
    const { textarea } = setup();
    await fireEvent.input(textarea, { target: { value: 'Hello! /tha' } });
    expect(screen.getByRole('listbox', { name: 'Canned responses' })).toBeTruthy();
    await fireEvent.keyDown(textarea, { key: 'Enter' });
    expect(textarea.value).toBe('Hello! Thank you for writing to us!');
  });
});
