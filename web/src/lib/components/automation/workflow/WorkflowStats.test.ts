import { describe, expect, it } from 'vitest';
import WorkflowStats from './WorkflowStats.svelte';
import { makeApp, renderWithApp } from '../../../../test/render';
import type { WorkflowStats as Stats } from '../../../api';

import { lira, noRevenue, readRevenuePanel, revenueGroup as group } from '../../../../test/revenue';

const stats = (over: Partial<Stats> = {}): Stats => ({
  workflowId: 'w1',
  sent: 90,
  delivered: 80,
  replied: 12,
  skipped: {},
  runs: { completed: 100 },
  revenue: noRevenue,
  reactivation: null,
  satisfaction: null,
  ...over,
});

describe('WorkflowStats', () => {
  it('shows the revenue the workflow’s messages brought against its holdout, with each lift and its interval', () => {
    const { app } = makeApp({});
    const revenue = {
      currency: 'TRY',
      windowDays: 3,
      messaged: group(90, 9, '1350.00', '15.00'),
      heldOut: group(10, 0, '0.00', '0.00'),
      lift: { conversionRate: { absolute: 0.1, relative: null, ci95: [0.038, 0.162] as [number, number] }, revenuePerRecipient: { absolute: '15.00', ci95: ['-1.20', '31.20'] as [string, string] } },
    };
    const { getByRole } = renderWithApp(WorkflowStats, { stats: stats({ revenue }) }, app);
    expect(readRevenuePanel(getByRole('region', { name: 'Revenue (last touch, 3 days)' }))).toEqual({
      rows: [
        ['Messaged', '90', '9', '10.0%', lira(1350), lira(15)],
        ['Held out', '10', '0', '0.0%', lira(0), lira(0)],
      ],
      lines: ['Conversion lift: +10.0% (95% CI +3.8% to +16.2%)', `Revenue per recipient lift: +${lira(15)} (95% CI −${lira(1.2)} to +${lira(31.2)}), not significant`],
    });
  });

  it('leaves the revenue panel out while the workflow has measured nobody', () => {
    const { app } = makeApp({});
    const { queryByRole } = renderWithApp(WorkflowStats, { stats: stats() }, app);
    expect(queryByRole('region', { name: 'Revenue (last touch, 7 days)' })).toBeNull();
  });

  it('words the reactivation lift in points with its 95% interval, and says when it is not significant', () => {
    const { app } = makeApp({});
    const reactivation = (lift: { lift: number; ci95: [number, number] }) => ({
      windowDays: 14,
      messaged: { contacts: 900, reactivated: 108 },
      heldOut: { contacts: 100, reactivated: 5 },
      lift: { messagedRate: 0.12, heldOutRate: 0.05, ...lift },
    });
    const first = renderWithApp(WorkflowStats, { stats: stats({ reactivation: reactivation({ lift: 7, ci95: [2.23, 11.77] }) }) }, app);
    expect(first.getByText(/^Lift in percentage points/).textContent).toBe('Lift in percentage points: +7 (95% CI +2.2 to +11.8)');
    first.unmount();
    app.i18n.setLocale('tr');
    const second = renderWithApp(WorkflowStats, { stats: stats({ reactivation: reactivation({ lift: 2.22, ci95: [-17.57, 22.01] }) }) }, app);
    expect(second.getByText(/^Yüzde puanı olarak fark/).textContent).toBe('Yüzde puanı olarak fark: +2,2 (%95 GA −17,6 ile +22 arası), anlamlı değil');
  });
});
