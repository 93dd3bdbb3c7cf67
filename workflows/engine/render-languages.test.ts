import { describe, expect, it } from 'vitest';
import { birthdayPreset } from '../presets/birthday.ts';
import { validateWorkflow } from '../validate-workflow.ts';
import { renderLanguages } from './render-languages.ts';

describe('renderLanguages', () => {
  it('renders every send step, branches included, in each language, naming the one the contact would get', () => {
    const checked = validateWorkflow(birthdayPreset({ withCoupon: true }));
    if (!checked.ok) throw new Error('preset invalid');
    const steps = renderLanguages(checked.workflow, {
      now: new Date('2026-05-20T06:00:00Z'),
      contact: { id: 'c1', firstName: 'Ayşe', language: 'tr-TR', currency: 'TRY', firstSeenAt: new Date('2025-01-01T00:00:00Z') },
      workspace: { name: 'Lale' },
      vars: { coupon: { code: 'GIFT', amount: 100 } },
    });
    expect(steps.map((s) => [s.step, s.chosenLanguage])).toEqual([
      ['send-greeting-coupon', 'tr'],
      ['send-greeting', 'tr'],
    ]);
    const coupon = steps[0]!.renders;
    expect(coupon.map((r) => r.language)).toEqual(['en', 'tr']);
    expect(coupon[0]!.body).toContain('use code GIFT for');
    expect(coupon[1]!.body).toContain(new Intl.NumberFormat('tr-TR', { style: 'currency', currency: 'TRY' }).format(100));
    expect(coupon[0]!.subject).toBe('A birthday gift for you');
  });
});
