import { describe, expect, it } from 'vitest';
import type { Facts } from '../facts.ts';
import { evaluate } from '../conditions/evaluate.ts';
import { validateWorkflow } from '../validate-workflow.ts';
import { abandonedCartPreset, birthdayPreset, churnWinBackPreset, complaintPreset, reactivationLift, reactivationPreset, satisfactionPreset, thankYouPreset, vipOfferPreset } from './index.ts';

const presets = {
  birthday: birthdayPreset(),
  'birthday with coupon': birthdayPreset({ withCoupon: true, atLocalTime: '10:00' }),
  reactivation: reactivationPreset(),
  complaint: complaintPreset({ teamId: 'team-care', acknowledge: true, escalateToTeamId: 'team-leads' }),
  satisfaction: satisfactionPreset(),
};

describe('presets', () => {
  it.each(Object.entries(presets))('%s passes save-time validation with English and Turkish templates', (_, preset) => {
    const result = validateWorkflow(preset);
    expect(result.ok ? [] : result.errors).toEqual([]);
    for (const template of Object.values(preset.templates ?? {})) expect(Object.keys(template.languages).sort()).toEqual(['en', 'tr']);
  });

  it('reactivation holds out 10% and counts a reply within 14 days', () => {
    const preset = reactivationPreset();
    expect(preset.settings?.holdoutPercent).toBe(10);
    expect(preset.trigger).toEqual({ type: 'inactivity', days: 90 });
    expect(preset.actions[1]).toMatchObject({ type: 'wait_for_reply', within: { days: 14 }, record: 'reactivated' });
  });

  it('computes lift as the messaged rate minus the held-out rate', () => {
    // 12% against 5%: se = √(.12·.88/900 + .05·.95/100) = 2.4338 points, so 7 ± 1.96 · 2.4338 = 2.23 to 11.77 points.
    expect(reactivationLift({ contacts: 900, reactivated: 108 }, { contacts: 100, reactivated: 5 })).toEqual({ messagedRate: 0.12, heldOutRate: 0.05, lift: 7, ci95: [2.23, 11.77] });
    // About the same rates (12.2% against 10%) over few contacts: an interval that holds zero.
    expect(reactivationLift({ contacts: 90, reactivated: 11 }, { contacts: 10, reactivated: 1 })?.ci95).toEqual([-17.57, 22.01]);
    expect(reactivationLift({ contacts: 10, reactivated: 1 }, { contacts: 0, reactivated: 0 })).toBeNull();
  });

  it('complaint runs only above the score threshold and makes the conversation urgent first', () => {
    const preset = complaintPreset({ teamId: 'team-care' });
    const facts = (score: number): Facts => ({ now: new Date(), contact: { id: 'c', firstSeenAt: new Date() }, message: { text: '', channel: 'sms', complaintScore: score } });
    expect(evaluate(preset.conditions, facts(0.7))).toBe(true);
    expect(evaluate(preset.conditions, facts(0.3))).toBe(false);
    expect(preset.actions.map((a) => a.type)).toEqual(['set_priority', 'add_label', 'assign', 'start_sla']);
    expect(preset.actions.at(-1)).toMatchObject({ firstResponseMinutes: 60 });
  });
});

describe('customer-value presets', () => {
  const value = {
    'thank-you': thankYouPreset(),
    'abandoned-cart': abandonedCartPreset(),
    'vip-offer': vipOfferPreset(),
    'churn-win-back': churnWinBackPreset(),
  };

  it.each(Object.entries(value))('%s validates, sends marketing (consent, quiet hours, cap) in English and Turkish', (_, preset) => {
    const result = validateWorkflow(preset);
    expect(result.ok ? [] : result.errors).toEqual([]);
    for (const template of Object.values(preset.templates ?? {})) expect(Object.keys(template.languages).sort()).toEqual(['en', 'tr']);
    const sends = JSON.stringify(preset.actions).match(/"send_template"/g)!.length;
    expect(JSON.stringify(preset.actions).match(/"purpose":"marketing"/g)!.length).toBe(sends);
  });

  it('triggers on the first order, a cart left, becoming a Champion, and entering churn risk', () => {
    expect(value['thank-you'].trigger).toEqual({ type: 'event', event: 'order.placed', nth: 1 });
    expect(thankYouPreset({ firstOrderOnly: false }).trigger).toEqual({ type: 'event', event: 'order.placed' });
    expect(value['abandoned-cart'].trigger).toEqual({ type: 'event', event: 'event.tracked', name: 'cart_abandoned' });
    expect(value['vip-offer'].trigger).toEqual({ type: 'event', event: 'rfm.segment_changed', to: ['Champions'] });
    expect(value['churn-win-back'].trigger).toEqual({ type: 'event', event: 'churn_risk.entered' });
    expect(value['churn-win-back'].settings).toMatchObject({ holdoutPercent: 10, coupon: { prefix: 'BACK' } });
  });

  it('reminds of a cart only when no order came in while it waited', () => {
    const branch = abandonedCartPreset({ waitHours: 2 }).actions[1]!;
    const facts = (lastOrderAt?: Date): Facts => ({ now: new Date('2026-06-01T12:00:00Z'), contact: { id: 'c', firstSeenAt: new Date('2026-01-01T00:00:00Z'), lastOrderAt } });
    expect(branch.type === 'branch' && evaluate(branch.if, facts())).toBe(true);
    expect(branch.type === 'branch' && evaluate(branch.if, facts(new Date('2026-06-01T10:30:00Z')))).toBe(false);
    expect(branch.type === 'branch' && evaluate(branch.if, facts(new Date('2026-06-01T09:30:00Z')))).toBe(true);
  });
});
