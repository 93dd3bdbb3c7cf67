import { describe, expect, it } from 'vitest';
import { fireEvent, screen } from '@testing-library/svelte';
import CrudTab from './CrudTab.svelte';
import { ResourceList } from '../../state/resource-list.svelte';
import { makeApp, renderWithApp } from '../../../test/render';

describe('CrudTab', () => {
  it('deletes a label only after a dialog that names it and says what happens', async () => {
    const { app } = makeApp({ 'GET /api/labels': () => ({ items: [{ id: 'l1', name: 'vip', color: '#b45309' }] }), 'DELETE /api/labels/l1': () => ({ ok: true }) });
    app.i18n.setLocale('tr');
    const list = new ResourceList(app.api.admin.labels);
    renderWithApp(CrudTab, { list, canDelete: true, title: 'Yeni etiket', fields: [{ key: 'name', label: 'Ad', type: 'text' }], deleteMessage: (l: { name: string }) => app.i18n.t('confirm.deleteLabel', { name: l.name }) }, app);
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
