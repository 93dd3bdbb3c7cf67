import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen } from '@testing-library/svelte';
import PreviewPanel from './PreviewPanel.svelte';
import { LivePreview } from '../../../state/workflow-preview.svelte';
import { makeApp, renderWithApp } from '../../../../test/render';
import type { WorkflowPreview } from '../../../api';

const result: WorkflowPreview = {
  workflowId: null,
  at: '2026-05-19T09:00:00.000Z',
  summary: { audience: 1200, contacts: 200, receives: 150, skipped: 50, byReason: { 'no-consent': 30, 'held-out': 20 } },
  items: [
    { contactId: 'c1', name: 'Emre', at: '2026-05-19T09:00:00.000Z', outcome: 'receives' as const, messages: [], skips: [] },
    { contactId: 'c2', name: 'Jane', at: '2026-05-19T09:00:00.000Z', outcome: 'receives' as const, messages: [], skips: [] },
  ],
  upcoming: null,
  sample: {
    contactId: 'c1',
    name: 'Emre',
    language: 'tr',
    inAudience: true,
    outcome: 'receives' as const,
    skips: [],
    steps: [
      {
        step: 'miss-you',
        template: 'miss',
        chosenLanguage: 'tr',
        channel: 'whatsapp',
        renders: [
          { language: 'en', subject: 'We miss you', body: 'Hi Emre', missingVariables: [] },
          { language: 'tr', subject: 'Sizi özledik', body: 'Merhaba Emre', missingVariables: ['coupon'] },
        ],
      },
    ],
  },
};

describe('PreviewPanel', () => {
  it("lists a birthday's next 7 days with who is greeted when, in each contact's own zone", () => {
    const { app } = makeApp({});
    const preview = new LivePreview(app.api);
    preview.result = {
      ...result,
      upcoming: [
        {
          date: '2026-05-20',
          count: 2,
          contacts: [
            { contactId: 'c1', name: 'Ayşe', timeZone: 'Europe/Istanbul', at: '2026-05-20T06:00:00.000Z' },
            { contactId: 'c2', name: 'John', timeZone: 'America/New_York', at: '2026-05-20T13:00:00.000Z' },
          ],
        },
        { date: '2026-05-21', count: 0, contacts: [] },
      ],
    };
    renderWithApp(PreviewPanel, { preview, onChooseContact: vi.fn() }, app);
    const days = screen.getAllByRole('listitem').map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
    expect(days[0]).toBe('Wednesday, 20 May 2026: 2 contacts — Ayşe (09:00, Europe/Istanbul), John (09:00, America/New_York)');
    expect(days[1]).toBe('Thursday, 21 May 2026: 0 contacts');
  });

  it('says an event trigger runs for each contact it happens to, not that everyone is its audience', async () => {
    const { app } = makeApp({});
    const preview = new LivePreview(app.api);
    preview.result = result;
    renderWithApp(PreviewPanel, { preview, onChooseContact: vi.fn(), perEvent: true }, app);
    expect(screen.getByText(/Runs for each contact its event happens to, not for everyone at once; tried on 1,200 contacts/)).toBeTruthy();
    expect(screen.queryByText(/contacts in the audience/)).toBeNull();
  });

  it('shows the audience, skips by reason and the sample message in the language the contact gets', async () => {
    const { app } = makeApp({});
    const preview = new LivePreview(app.api);
    preview.result = result;
    const onChooseContact = vi.fn();
    renderWithApp(PreviewPanel, { preview, onChooseContact }, app);
    expect(screen.getByText(/1,200 contacts in the audience/)).toBeTruthy();
    expect(screen.getByText(/150 of the first 200 would receive a message/)).toBeTruthy();
    expect(screen.getByRole('row', { name: 'No consent 30' })).toBeTruthy();
    expect(screen.getByRole('row', { name: 'In the holdout group 20' })).toBeTruthy();
    expect(screen.getByTestId('rendered-body').textContent).toBe('Merhaba Emre');
    expect(screen.getByText('Left blank: coupon')).toBeTruthy();
    expect(screen.getByText('via whatsapp')).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'en' }));
    expect(screen.getByTestId('rendered-body').textContent).toBe('Hi Emre');
    await fireEvent.change(screen.getByLabelText('Show the message for'), { target: { value: 'c2' } });
    expect(onChooseContact).toHaveBeenCalledWith('c2');
  });
});
