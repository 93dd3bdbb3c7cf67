// The run log: each run's state and each step's outcome in the user's language, and the step log behind a toggle.
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/svelte';
import RunLog from './RunLog.svelte';
import { makeApp, renderWithApp } from '../../../../test/render';
import type { WorkflowRun } from '../../../api';
import { RUN_STATUSES } from '../../../../../../server/db/schema/workflows.ts';

const run = (id: string, status: WorkflowRun['status']): WorkflowRun => ({
  id,
  workflowId: 'w1',
  versionId: 'v1',
  occurrenceKey: id,
  nextAt: null,
  context: {},
  contactId: `c-${id}`,
  contactName: `Kişi ${id}`,
  status,
  heldOut: status === 'held_out',
  currentStepId: null,
  startedAt: '2026-11-20T10:00:00.000Z',
  completedAt: null,
  steps: [{ id: 1, stepId: 'greet', outcome: 'waiting', reason: null, detail: {}, at: '2026-11-20T10:00:00.000Z' }],
});

describe('RunLog', () => {
  it("lists runs and opens a run's step log with the reason for each decision", async () => {
    const { app } = makeApp({});
    renderWithApp(
      RunLog,
      {
        runs: [
          {
            id: 'r1',
            workflowId: 'w1',
            versionId: 'v1',
            occurrenceKey: 'once',
            nextAt: null,
            context: {},
            contactId: 'c1',
            contactName: 'Emre',
            status: 'completed',
            heldOut: false,
            currentStepId: null,
            startedAt: '2026-11-20T10:00:00.000Z',
            completedAt: '2026-11-20T10:00:05.000Z',
            steps: [
              { id: 1, stepId: 'miss-you', outcome: 'deferred', reason: 'quiet-hours', detail: {}, at: '2026-11-20T10:00:00.000Z' },
              { id: 2, stepId: 'miss-you', outcome: 'sent', reason: null, detail: { channel: 'sms' }, at: '2026-11-20T10:00:05.000Z' },
            ],
          },
        ],
      },
      app,
    );
    expect(screen.getByRole('link', { name: 'Emre' }).getAttribute('href')).toBe('#/contacts/c1');
    const toggle = screen.getByRole('button', { name: 'Steps (2)' });
    expect(screen.queryByText(/quiet-hours/)).toBeNull();
    await fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByText(/Deferred \(Quiet hours \(deferred\)\)/)).toBeTruthy();
    expect(screen.getByText(/channel: sms/)).toBeTruthy();
  });

  it('names every run state and step outcome in Turkish, never the stored value', async () => {
    const { app } = makeApp({});
    app.i18n.setLocale('tr');
    renderWithApp(RunLog, { runs: RUN_STATUSES.map((status, i) => run(String(i), status)) }, app);
    const states = screen
      .getAllByRole('row')
      .slice(1)
      .map((row) => within(row).getAllByRole('cell')[0]!.textContent);
    expect(states).toEqual(['Sırada', 'Çalışıyor', 'Bekliyor', 'Tamamlandı', 'Durduruldu', 'Atlandı', 'Kontrol grubunda', 'Başarısız']);
    await fireEvent.click(screen.getAllByRole('button', { name: 'Adımlar (1)' })[0]!);
    expect(screen.getByText(/greet/).parentElement!.textContent).toContain('greet — Bekliyor');
  });
});
