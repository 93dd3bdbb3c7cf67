import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import Composer from './Composer.svelte';
import { makeApp, renderWithApp } from '../../../test/render';
import { ComposerAttachments, type UploadFile } from '../../state/composer-attachments.svelte';
import type { UploadedFile } from '../../api';
import { cannedResponse, channel } from '../../../test/fake-server';

const channels = [channel({ id: 'wa', kind: 'whatsapp', name: 'WhatsApp TR' })];
const canned = [cannedResponse({ id: 'r1', shortCode: 'thanks', content: 'Thank you for writing to us!' })];

function setup() {
  const { app } = makeApp({});
  const onSend = vi.fn(async () => true);
  // Uploads finish when the test says so, with progress reported on the way.
  const uploads: Array<{ file: File; progress: (loaded: number) => void; done: () => void }> = [];
  const upload: UploadFile = (file, { onProgress }) =>
    new Promise<UploadedFile>((resolve) => {
      uploads.push({
        file,
        progress: (loaded) => onProgress({ loaded, total: file.size }),
        done: () => resolve({ id: `id-${file.name}`, filename: file.name, contentType: file.type, size: file.size }),
      });
    });
  const attachments = new ComposerAttachments(upload, () => 1024 * 1024);
  renderWithApp(Composer, { channels, canned, sending: false, attachments, onSend, conversationId: 'c-1' }, app);
  return { onSend, uploads, attachments, textarea: screen.getByRole('textbox') as HTMLTextAreaElement };
}

const pdf = (name: string, size = 2000) => new File([new Uint8Array(size)], name, { type: 'application/pdf' });
const settle = async () => {
  await new Promise((resolve) => setTimeout(resolve, 0));
  await tick();
};
const sendButton = () => screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement;

async function pick(...files: File[]) {
  const input = document.querySelector('input[type="file"]') as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  await fireEvent.change(input);
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

  it('attaches a picked file, shows its upload progress, holds Send until it is uploaded, then sends only the file', async () => {
    const { onSend, uploads, attachments } = setup();
    const attach = screen.getByRole('button', { name: 'Attach files' });
    expect(attach.tagName).toBe('BUTTON');
    await pick(pdf('fatura.pdf'));
    const progress = screen.getByRole('progressbar', { name: 'Uploading fatura.pdf' }) as HTMLProgressElement;
    uploads[0]!.progress(500);
    await tick();
    expect(progress.value).toBe(500);
    expect(progress.max).toBe(2000);
    expect(sendButton().disabled).toBe(true);
    expect(screen.getByText('Sending waits until the files finish uploading')).toBeTruthy();

    uploads[0]!.done();
    await settle();
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(sendButton().disabled).toBe(false);
    await fireEvent.click(sendButton());
    await settle();
    expect(onSend).toHaveBeenCalledWith({ text: '', private: false, attachmentIds: ['id-fatura.pdf'] });
    expect(attachments.items).toEqual([]);
    expect(screen.queryByRole('list', { name: 'Attached files' })).toBeNull();
  });

  it('says in words that a file is too large, and sends once the agent removes it', async () => {
    const { onSend, uploads, textarea } = setup();
    await pick(pdf('video.mp4', 3 * 1024 * 1024));
    expect(screen.getByRole('alert').textContent).toBe('video.mp4 is 3 MB; files can be at most 1 MB.');
    expect(uploads).toHaveLength(0);
    await fireEvent.input(textarea, { target: { value: 'Here it is' } });
    expect(sendButton().disabled).toBe(true);
    await fireEvent.click(screen.getByRole('button', { name: 'Remove video.mp4' }));
    expect(screen.queryByRole('alert')).toBeNull();
    await fireEvent.keyDown(textarea, { key: 'Enter', ctrlKey: true });
    expect(onSend).toHaveBeenCalledWith({ text: 'Here it is', private: false });
  });

  it('attaches files dropped on the composer and files pasted into the text box', async () => {
    const { uploads, textarea } = setup();
    const form = textarea.closest('form')!;
    const dropped = pdf('dropped.pdf');
    await fireEvent.dragOver(form, { dataTransfer: { types: ['Files'], files: [dropped] } });
    expect(screen.getByText('Drop files here to attach them')).toBeTruthy();
    await fireEvent.drop(form, { dataTransfer: { types: ['Files'], files: [dropped] } });
    expect(screen.queryByText('Drop files here to attach them')).toBeNull();
    const screenshot = new File([new Uint8Array(10)], 'image.png', { type: 'image/png' });
    await fireEvent.paste(textarea, { clipboardData: { types: ['Files'], files: [screenshot] } });
    expect(uploads.map((u) => u.file.name)).toEqual(['dropped.pdf', 'image.png']);
    expect(screen.getAllByRole('progressbar')).toHaveLength(2);
  });
});

describe('Composer with suggested replies', () => {
  async function withSuggestions() {
    const { app, server } = makeApp({
      'GET /api/conversations/:id/suggestions': () => ({
        items: [
          { id: 's-1', source: 'canned', text: 'Kargonuz yarın elinizde.' },
          { id: 's-2', source: 'history', text: 'Hemen bakıyorum.' },
        ],
      }),
      'POST /api/conversations/:id/suggestions/:item/picked': () => ({ count: 1 }),
    });
    await app.assist.loadSuggestions('c-1', 'm-1');
    const attachments = new ComposerAttachments(
      async () => ({ id: 'x', filename: 'x', contentType: 'x', size: 1 }),
      () => null,
    );
    renderWithApp(Composer, { channels, canned, sending: false, attachments, onSend: vi.fn(async () => true), assist: app.assist, conversationId: 'c-1' }, app);
    return { calls: server.calls, textarea: screen.getByRole('textbox', { name: 'Reply' }) as HTMLTextAreaElement };
  }

  it('inserts the second suggestion after what is typed with Alt+2 and records the pick', async () => {
    const { calls, textarea } = await withSuggestions();
    await fireEvent.input(textarea, { target: { value: 'Merhaba,' } });
    await fireEvent.keyDown(textarea, { key: '™', code: 'Digit2', altKey: true });
    await settle();
    expect(textarea.value).toBe('Merhaba,\nHemen bakıyorum.');
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual(['/api/conversations/c-1/suggestions/s-2/picked']);
  });

  it('inserts nothing while a dialog is open, and a click inserts as well', async () => {
    const { calls, textarea } = await withSuggestions();
    const dialog = document.createElement('div');
    dialog.setAttribute('role', 'dialog');
    document.body.append(dialog);
    await fireEvent.keyDown(textarea, { key: '1', code: 'Digit1', altKey: true });
    expect(textarea.value).toBe('');
    dialog.remove();
    await fireEvent.click(screen.getByRole('button', { name: /Kargonuz yarın elinizde/ }));
    await settle();
    expect(textarea.value).toBe('Kargonuz yarın elinizde.');
    expect(calls.filter((c) => c.method === 'POST').length).toBe(1);
  });
});

describe('drafts', () => {
  function signedIn(userId: string) {
    const { app } = makeApp({ 'POST /api/auth/logout': () => ({ ok: true }) });
    app.session.user = { id: userId, email: `${userId}@example.com`, name: userId, roles: ['agent'], locale: 'en' };
    return app;
  }
  const attachments = () =>
    new ComposerAttachments(
      async () => ({ id: 'x', filename: 'x', contentType: 'x', size: 1 }),
      () => null,
    );

  it('keeps each conversation its own unsent reply or note, across conversations and a reload', async () => {
    const app = signedIn('u1');
    const onSend = vi.fn(async () => true);
    const props = { channels, canned, sending: false, attachments: attachments(), onSend, conversationId: 'c-1' };
    const view = renderWithApp(Composer, props, app);
    const textarea = () => screen.getByRole('textbox') as HTMLTextAreaElement;
    await fireEvent.input(textarea(), { target: { value: 'Kargonuz yarın' } });
    await view.rerender({ ...props, conversationId: 'c-2' });
    expect(textarea().value).toBe('');
    await fireEvent.click(screen.getByRole('radio', { name: 'Private note' }));
    await fireEvent.input(textarea(), { target: { value: 'VIP müşteri' } });
    await view.rerender({ ...props, conversationId: 'c-1' });
    expect(textarea().value).toBe('Kargonuz yarın');
    view.unmount();

    // A new page (reload) finds both, the note still a note; another user on this browser finds neither.
    const again = renderWithApp(Composer, { ...props, conversationId: 'c-2' }, signedIn('u1'));
    expect(textarea().value).toBe('VIP müşteri');
    expect(screen.getByRole('textbox', { name: 'Private note' })).toBeTruthy();
    again.unmount();
    renderWithApp(Composer, props, signedIn('u2'));
    expect(textarea().value).toBe('');
  });

  it('forgets a draft once it is sent, and every draft on sign-out', async () => {
    const app = signedIn('u1');
    const props = { channels, canned, sending: false, attachments: attachments(), onSend: vi.fn(async () => true), conversationId: 'c-1' };
    const view = renderWithApp(Composer, props, app);
    const textarea = () => screen.getByRole('textbox') as HTMLTextAreaElement;
    await fireEvent.input(textarea(), { target: { value: 'Merhaba' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await settle();
    expect(app.drafts.read('u1', 'c-1')).toBe(null);
    await view.rerender({ ...props, conversationId: 'c-2' });
    await fireEvent.input(textarea(), { target: { value: 'Yarın ararım' } });
    expect(app.drafts.read('u1', 'c-2')).toEqual({ text: 'Yarın ararım', mode: 'reply' });
    await app.session.logout();
    expect(app.drafts.read('u1', 'c-2')).toBe(null);
  });
});
