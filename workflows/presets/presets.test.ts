import { describe, expect, it } from 'vitest';
import type { Facts } from '../facts.ts';
import { evaluate } from '../conditions/evaluate.ts';
import { validateWorkflow } from '../validate-workflow.ts';
import { birthdayPreset, complaintPreset, reactivationLift, reactivationPreset, satisfactionPreset } from './index.ts';

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
    expect(reactivationLift({ contacts: 900, reactivated: 108 }, { contacts: 100, reactivated: 5 })).toEqual({ messagedRate: 0.12, heldOutRate: 0.05, lift: 7 });
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
