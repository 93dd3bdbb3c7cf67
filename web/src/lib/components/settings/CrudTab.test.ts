import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/svelte';
import CrudTab from './CrudTab.svelte';
import { ResourceList } from '../../state/resource-list.svelte';
import { makeApp, renderWithApp } from '../../../test/render';

describe('CrudTab', () => {
  it('deletes a label only after a dialog that names it and says what happens', async () => {
    const { app } = makeApp({ 'GET /api/labels': () => ({ items: [{ id: 'l1', name: 'vip', color: '#b45309' }] }), 'DELETE /api/labels/l1': () => ({ ok: true }) });
    app.i18n.setLocale('tr');
    const list = new ResourceList(app.api.admin.labels);
    renderWithApp(
      CrudTab,
      {
        list,
        canDelete: true,
        title: 'Yeni etiket',
        fields: [{ key: 'name', label: 'Ad', type: 'text' }],
        deleteMessage: (l: { id?: string }) => app.i18n.t('confirm.deleteLabel', { name: (l as { name: string }).name }),
      },
      app,
    );
    await screen.findByText('vip');
    await fireEvent.click(screen.getByRole('button', { name: 'Sil' }));
    const dialog = screen.getByRole('dialog', { name: 'Emin misiniz?' });
    expect(dialog.textContent).toContain('“vip” etiketi silinsin mi? Tüm konuşma ve kişilerden kaldırılır.');
    expect(list.items).toHaveLength(1);
    await fireEvent.click([...dialog.querySelectorAll('button')].find((b) => b.textContent === 'Sil')!);
    await screen.findByText('Henüz bir şey yok.');
    expect(list.items).toEqual([]);
  });
});

describe('CrudTab errors', () => {
  const userFields = [
    { key: 'name', label: 'Ad', type: 'text' as const },
    { key: 'email', label: 'E-posta', type: 'email' as const },
    { key: 'password', label: 'Parola', type: 'password' as const },
  ];

  it('words each field problem in Turkish beside its field, never the server’s English', async () => {
    const { app } = makeApp({
      'GET /api/users': () => ({ items: [] }),
      'POST /api/users': () => ({
        status: 422,
        body: {
          error: {
            code: 'validation_failed',
            message: 'email: Invalid email address; password: Too small: expected string to have >=8 characters',
            fields: [
              { path: 'email', code: 'invalid_format', format: 'email' },
              { path: 'password', code: 'too_small', minimum: 8, origin: 'string' },
            ],
          },
        },
      }),
    });
    app.i18n.setLocale('tr');
    const list = new ResourceList(app.api.admin.users);
    renderWithApp(CrudTab, { list, title: 'Yeni kullanıcı', fields: userFields }, app);
    await fireEvent.input(screen.getByLabelText('E-posta'), { target: { value: 'ada' } });
    await fireEvent.submit(screen.getByRole('button', { name: 'Oluştur' }).closest('form')!);
    const email = screen.getByLabelText('E-posta');
    await waitFor(() => expect(email.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(email.getAttribute('aria-describedby')!)!.textContent).toBe('Geçerli bir e-posta adresi girin.');
    const password = screen.getByLabelText('Parola');
    expect(document.getElementById(password.getAttribute('aria-describedby')!)!.textContent).toBe('En az 8 karakter girin.');
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('2 alanın düzeltilmesi gerekiyor.');
    expect(alert.textContent).not.toMatch(/Invalid|Too small|things/);
  });

  it('"Try again" sends the form again with its corrected values, rather than reloading the list', async () => {
    let posts: unknown[] = [];
    const { app, server } = makeApp({
      'GET /api/users': () => ({ items: [] }),
      'POST /api/users': (r) => {
        posts.push(r.body);
        return posts.length === 1 ? { status: 503, body: { error: { code: 'unavailable', message: 'down' } } } : { status: 201, body: { id: 'u9', ...r.body } };
      },
    });
    const list = new ResourceList(app.api.admin.users);
    renderWithApp(CrudTab, { list, title: 'New user', fields: userFields }, app);
    await fireEvent.input(screen.getByLabelText('Ad'), { target: { value: 'Ada' } });
    await fireEvent.submit(screen.getByRole('button', { name: 'Create' }).closest('form')!);
    await fireEvent.click(await screen.findByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(posts).toHaveLength(2));
    await screen.findByText('Ada');
    const loads = server.calls.filter((c) => c.method === 'GET' && c.path === '/api/users').length;
    expect(posts).toEqual([
      { name: 'Ada', email: '' },
      { name: 'Ada', email: '' },
    ]);
    expect(loads).toBe(1);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
