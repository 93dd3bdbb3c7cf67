import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/svelte';
import ReportsPage from './ReportsPage.svelte';
import { makeApp, renderWithApp } from '../test/render';

const overview = {
  volumeByChannel: { email: 3 },
  outboundByPurpose: { agent: 12, service: 3, marketing: 1200 },
  firstResponse: { medianSec: 60, p90Sec: 600 },
  resolution: { medianSec: null, p90Sec: null },
  csat: { avg: null, count: 0 },
  nps: { score: null, count: 0 },
  complaints: 0,
  slaBreaches: 0,
  perAgent: [{ id: 'u1', name: 'Bora', repliesSent: 12, firstResponses: 4, firstResponse: { medianSec: 120, p90Sec: 3600 }, resolved: 3 }],
  perTeam: [{ id: 't1', name: 'Support', conversations: 9, medianFirstResponseSec: 300, resolved: 7 }],
};

describe('ReportsPage', () => {
  it("shows each agent's replies, first responses with median and p90, and resolutions", async () => {
    const { app } = makeApp({
      'GET /api/reports/overview': () => overview,
      'GET /api/reports/timeseries': () => ({ points: [] }),
    });
    renderWithApp(ReportsPage, {}, app);
    const agents = await screen.findByRole('region', { name: 'Per agent' });
    // The table, not the section with its heading, is what scrolls sideways on a phone.
    expect(within(agents).getByRole('table').parentElement!.classList.contains('table-scroll')).toBe(true);
    const headers = within(agents)
      .getAllByRole('columnheader')
      .map((th) => th.textContent);
    expect(headers).toEqual(['Name', 'Replies sent', 'First responses', 'First response (median)', 'First response (90th percentile)', 'Resolved']);
    const row = within(agents).getByRole('row', { name: /Bora/ });
    expect(
      within(row)
        .getAllByRole('cell')
        .map((td) => td.textContent),
    ).toEqual(['12', '4', app.i18n.duration(120), app.i18n.duration(3600), '3']);
    const teams = screen.getByRole('heading', { name: 'Per team' }).closest('section')!;
    expect(within(teams).getByRole('row', { name: /Support/ }).textContent).toContain('9');
    const outbound = screen.getByRole('heading', { name: 'Messages sent' }).parentElement!;
    expect([...outbound.querySelectorAll('p')].map((p) => p.textContent)).toEqual([app.i18n.number(1215), 'Agent replies: 12', 'Service automation: 3', `Marketing: ${app.i18n.number(1200)}`]);
  });

  it('links the figures CSV for the chosen range', async () => {
    // The workspace's zone decides the range's midnights (UTC here), not the machine running the test.
    const { app } = makeApp({
      'GET /api/workspace': () => ({ name: 'Ulak', timeZone: 'UTC', defaultRegion: 'TR' }),
      'GET /api/reports/overview': () => overview,
      'GET /api/reports/timeseries': () => ({ points: [] }),
    });
    renderWithApp(ReportsPage, {}, app);
    const link = await screen.findByRole('link', { name: 'Export figures (CSV)' });
    expect(link.getAttribute('href')).toMatch(/^\/api\/reports\/export\.csv\?from=\d{4}-\d\d-\d\dT00%3A00%3A00\.000Z&to=/);
  });
});
