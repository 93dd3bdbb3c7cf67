import { describe, expect, it } from 'vitest';
import { fireEvent, screen } from '@testing-library/svelte';
import TemplateEditor from './TemplateEditor.svelte';
import { WorkflowDraft } from '../../../state/workflow-draft.svelte';
import { makeApp, renderWithApp } from '../../../../test/render';

function setup() {
  const { app } = makeApp({});
  const draft = new WorkflowDraft();
  const key = draft.addTemplate('en');
  renderWithApp(TemplateEditor, { draft, key }, app);
  return { draft, key };
}

describe('TemplateEditor', () => {
  it('adds a language as a new tab and edits its text on its own', async () => {
    const { draft, key } = setup();
    await fireEvent.input(screen.getByLabelText('Message (en)'), { target: { value: 'Hello' } });
    await fireEvent.input(screen.getByLabelText('Language code'), { target: { value: 'tr' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add language' }));
    expect(screen.getByRole('tab', { name: 'tr (needs fixing)' }).getAttribute('aria-selected')).toBe('true');
    await fireEvent.input(screen.getByLabelText('Message (tr)'), { target: { value: 'Merhaba' } });
    await fireEvent.click(screen.getByRole('tab', { name: 'en (fallback)' }));
    expect((screen.getByLabelText('Message (en)') as HTMLTextAreaElement).value).toBe('Hello');
    expect(draft.templates[key]!.languages).toEqual({ en: { subject: '', body: 'Hello' }, tr: { subject: '', body: 'Merhaba' } });
  });

  it('moves between language tabs with the arrow keys', async () => {
    const { draft, key } = setup();
    draft.addLanguage(key, 'tr');
    await Promise.resolve();
    await fireEvent.keyDown(screen.getByRole('tab', { name: 'en (fallback) (needs fixing)' }), { key: 'ArrowRight' });
    expect(screen.getByRole('tab', { name: 'tr (needs fixing)' }).getAttribute('aria-selected')).toBe('true');
  });

  it('inserts a variable where the cursor is and flags an unknown one', async () => {
    const { draft, key } = setup();
    const body = screen.getByLabelText('Message (en)') as HTMLTextAreaElement;
    await fireEvent.input(body, { target: { value: 'Hi , welcome' } });
    await fireEvent.focus(body);
    body.setSelectionRange(3, 3);
    await fireEvent.click(screen.getByRole('button', { name: 'Insert contact.firstName' }));
    expect(draft.templates[key]!.languages.en!.body).toBe('Hi {{contact.firstName}}, welcome');
    await fireEvent.input(body, { target: { value: 'Hi {{contact.shoeSize}}' } });
    expect(screen.getByText('Unknown variable {{contact.shoeSize}}.')).toBeTruthy();
    expect(body.getAttribute('aria-invalid')).toBe('true');
  });

  it('shows the variables hint with its fallback example whole', () => {
    setup();
    expect(screen.getByText(/^Click to insert at the cursor\./).textContent).toBe('Click to insert at the cursor. Add a fallback with {{contact.firstName | "there"}}.');
  });
});
