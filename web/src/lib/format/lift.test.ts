import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { tr } from '../i18n/tr';
import { liftText } from './lift';

const translate =
  (catalog: Record<string, string>) =>
  (key: string, vars: Record<string, string | number> = {}) =>
    catalog[key]!.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k]));
const percent = (tag: string) => (n: number) => new Intl.NumberFormat(tag, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n);

describe('liftText', () => {
  it('writes the lift and its interval with signs, and says when the interval holds zero', () => {
    expect(liftText(0.123, [-0.021, 0.267], percent('en'), translate(en))).toBe('+12.3% (95% CI −2.1% to +26.7%), not significant');
    expect(liftText(0.03, [0.0081, 0.0519], percent('en'), translate(en))).toBe('+3.0% (95% CI +0.8% to +5.2%)');
  });

  it('reads money strings and speaks Turkish', () => {
    const lira = (n: number) => new Intl.NumberFormat('tr', { style: 'currency', currency: 'TRY' }).format(n);
    expect(liftText('-4.20', ['-9.00', '-0.50'], lira, translate(tr))).toBe(`−${lira(4.2)} (%95 GA −${lira(9)} ile −${lira(0.5)} arası)`);
  });
});
