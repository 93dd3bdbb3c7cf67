// A lift with its 95% interval in words, "+12.3% (95% CI −2.1% to +26.7%)", saying "not significant" when it holds zero.
import type { Translate } from '../i18n';
import { significant } from '../../../../workflows/attribution/lift.ts';

/** The sign written out (a true minus sign), then the magnitude in the given format. */
export function signed(value: number, format: (magnitude: number) => string): string {
  return `${value > 0 ? '+' : value < 0 ? '−' : ''}${format(Math.abs(value))}`;
}

export function liftText(value: number | string, ci95: readonly [number | string, number | string], format: (magnitude: number) => string, t: Translate): string {
  const text = t('lift.interval', { value: signed(Number(value), format), lo: signed(Number(ci95[0]), format), hi: signed(Number(ci95[1]), format) });
  return significant(ci95) ? text : `${text}, ${t('lift.notSignificant')}`;
}
