// Revenue report fixtures and readers for the revenue panel, as campaigns and workflows show it.
import type { RevenueReport } from '../lib/api';

export const revenueGroup = (contacts: number, converted: number, revenue = '0.00', revenuePerRecipient = '0.00') => ({
  contacts,
  converted,
  conversionRate: contacts ? converted / contacts : null,
  revenue,
  revenuePerRecipient,
});

export const noRevenue: RevenueReport = { currency: 'TRY', windowDays: 7, messaged: revenueGroup(0, 0), heldOut: revenueGroup(0, 0), lift: null };

/** "TRY 15.00" with the no-break space Intl puts between code and amount. */
export const lira = (n: number) => new Intl.NumberFormat('en', { style: 'currency', currency: 'TRY' }).format(n);

/** The panel's table, row by row, and its lines of lift. */
export function readRevenuePanel(panel: HTMLElement) {
  return {
    rows: [...panel.querySelectorAll('tbody tr')].map((r) => [...r.children].map((c) => c.textContent)),
    lines: [...panel.querySelectorAll('p')].map((p) => p.textContent),
  };
}
