import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/svelte';
import ComplaintModelCard from './ComplaintModelCard.svelte';
import { makeApp, renderWithApp } from '../../../test/render';

describe('ComplaintModelCard', () => {
  it('shows precision and recall on the held-out split in Turkish', async () => {
    const { app } = makeApp({ 'GET /api/complaints/model': () => ({ trainedAt: '2026-06-10T10:06:00.000Z', examples: 1269, precision: 0.91, recall: 0.916, heldOut: 290 }) });
    app.i18n.setLocale('tr');
    renderWithApp(ComplaintModelCard, {}, app);
    const figures = await screen.findByTestId('complaint-model-figures');
    expect(figures.textContent?.replace(/\s+/g, ' ').trim()).toBe('Ayrılmış 290 mesajda: kesinlik %91, duyarlılık %91,6.');
    expect(screen.getByText(/1.269 örnekle/)).toBeTruthy();
  });

  it('says the model is not trained yet in English', async () => {
    const { app } = makeApp({ 'GET /api/complaints/model': () => ({ trainedAt: null, examples: 0, precision: null, recall: null, heldOut: 0 }) });
    app.i18n.setLocale('en');
    renderWithApp(ComplaintModelCard, {}, app);
    expect(await screen.findByText(/Not trained yet/)).toBeTruthy();
    expect(screen.queryByTestId('complaint-model-figures')).toBeNull();
  });
});
