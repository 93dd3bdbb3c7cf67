import { describe, expect, it } from 'vitest';
import { coerceAttribute } from './attribute-types.ts';

describe('coerceAttribute', () => {
  it('reads numbers with one decimal separator and refuses anything ambiguous', () => {
    expect(coerceAttribute('number', ' 1012 ')).toEqual({ ok: true, value: 1012 });
    expect(coerceAttribute('number', '1250,50')).toEqual({ ok: true, value: 1250.5 });
    expect(coerceAttribute('number', 7)).toEqual({ ok: true, value: 7 });
    expect(coerceAttribute('number', '1.250,50')).toEqual({ ok: false, reason: '"1.250,50" is not a number (write it like 1250 or 1250.50)' });
    expect(coerceAttribute('number', 'abc').ok).toBe(false);
  });

  it('stores dates as ISO and refuses impossible ones', () => {
    expect(coerceAttribute('date', '2024-02-29')).toEqual({ ok: true, value: '2024-02-29' });
    expect(coerceAttribute('date', '5.3.2024')).toEqual({ ok: true, value: '2024-03-05' });
    expect(coerceAttribute('date', '2024-03-05T10:00:00+03:00')).toEqual({ ok: true, value: '2024-03-05T07:00:00.000Z' });
    expect(coerceAttribute('date', '2023-02-29')).toEqual({ ok: false, reason: '"2023-02-29" is not a real date' });
    expect(coerceAttribute('date', '1012').ok).toBe(false);
  });

  it('reads yes/no in English and Turkish, lists split on ; or |', () => {
    expect(coerceAttribute('boolean', 'Evet')).toEqual({ ok: true, value: true });
    expect(coerceAttribute('boolean', 'HAYIR')).toEqual({ ok: true, value: false });
    expect(coerceAttribute('boolean', 'maybe').ok).toBe(false);
    expect(coerceAttribute('list', 'a; b|c')).toEqual({ ok: true, value: ['a', 'b', 'c'] });
    expect(coerceAttribute('text', 12)).toEqual({ ok: true, value: '12' });
  });
});
