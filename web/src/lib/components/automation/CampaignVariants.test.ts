import { describe, expect, it } from 'vitest';
import { fireEvent } from '@testing-library/svelte';
import CampaignVariants from './CampaignVariants.svelte';
import { makeApp, renderWithApp } from '../../../test/render';
import type { AbTestReport, VariantFigures } from '../../api';

const variant = (key: VariantFigures['key'], sent: number, clicked: number): VariantFigures => ({
  key,
  templateId: `t-${key}`,
  recipients: sent + 2,
  sent,
  replied: 1,
  clicked,
  converted: 0,
  revenue: '0.00',
  rate: clicked / sent,
});
const variants = [variant('A', 200, 20), variant('B', 200, 40)];
const report = (over: Partial<AbTestReport> = {}): AbTestReport => ({
  metric: 'click',
  testPercent: 20,
  winner: null,
  decidedAt: null,
  decidedBy: null,
  leader: 'B',
  runnerUp: 'A',
  lift: { absolute: 0.1, relative: 1, ci95: [0.04, 0.16] },
  significant: true,
  ...over,
});

describe('CampaignVariants', () => {
  it('shows each variant’s figures and rate, marks the winner and words the lift with its 95% interval', () => {
    const { app } = makeApp({});
    const { getByRole, getByText } = renderWithApp(CampaignVariants, { variants, abTest: report({ winner: 'B', decidedBy: 'auto', decidedAt: '2026-06-01T14:00:00.000Z' }), awaiting: 0 }, app);
    const rows = getByRole('table').querySelectorAll('tbody tr');
    expect([...rows].map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent!.trim()))).toEqual([
      ['Variant A', '202', '200', '1', '20', '0', '10.0%'],
      ['Variant B Winner', '202', '200', '1', '40', '0', '20.0%'],
    ]);
    expect(getByText('Variant B won on Click rate.')).toBeTruthy();
    expect(getByText('Variant B over variant A: +10.0% (95% CI +4.0% to +16.0%).')).toBeTruthy();
  });

  it('before the decision names the leader, says an interval holding zero is not significant, and offers a pick', async () => {
    const { app } = makeApp({});
    const picked: string[] = [];
    const abTest = report({ lift: { absolute: 0.02, relative: 0.2, ci95: [-0.03, 0.07] }, significant: false });
    const { getByRole, getByText } = renderWithApp(CampaignVariants, { variants, abTest, awaiting: 1_600, onPick: (key: string) => picked.push(key) }, app);
    expect(getByText('Variant B leads; no winner chosen yet.')).toBeTruthy();
    expect(getByText('Variant B over variant A: +2.0% (95% CI −3.0% to +7.0%), not significant.')).toBeTruthy();
    expect(getByText('1,600 recipients wait for the winner.')).toBeTruthy();
    await fireEvent.click(getByRole('button', { name: 'Pick A' }));
    expect(picked).toEqual(['A']);
  });

  it('says the first variant went out untested when the test share drew nobody', () => {
    const { app } = makeApp({});
    const empty = [variant('A', 0, 0), variant('B', 0, 0)].map((v) => ({ ...v, recipients: 0, replied: 0, rate: 0 }));
    const abTest = report({ winner: 'A', decidedBy: 'untested', leader: 'A', runnerUp: 'B', lift: null, significant: false });
    const { getByText } = renderWithApp(CampaignVariants, { variants: empty, abTest, awaiting: 0 }, app);
    expect(getByText('The test share drew nobody, so variant A went to everyone untested.')).toBeTruthy();
    // Nobody messaged, no rate: a dash, not 0%.
    expect([...document.querySelectorAll('tbody tr')].map((row) => row.lastElementChild?.textContent)).toEqual(['—', '—']);
  });

  it('reads in Turkish', () => {
    const { app } = makeApp({});
    app.i18n.setLocale('tr');
    const { getByText } = renderWithApp(CampaignVariants, { variants, abTest: report({ winner: 'A', decidedBy: 'manual' }), awaiting: 0 }, app);
    expect(getByText('A varyantı elle seçildi.')).toBeTruthy();
    expect(getByText('Tıklama oranı ile A/B testi')).toBeTruthy();
  });
});
