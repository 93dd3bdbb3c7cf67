import { describe, expect, it } from 'vitest';
import type { ContactFacts } from '../facts.ts';
import { birthdayPreset } from '../presets/birthday.ts';
import { reactivationPreset } from '../presets/reactivation.ts';
import { validateWorkflow } from '../validate-workflow.ts';
import { dryRun } from './dry-run.ts';

const must = (input: unknown) => {
  const result = validateWorkflow(input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.workflow;
};

const base = { firstSeenAt: new Date('2025-01-01T00:00:00Z') };
const contacts: ContactFacts[] = [
  { ...base, id: 'ayse', firstName: 'Ayşe', language: 'tr-TR', timeZone: 'Europe/Istanbul', currency: 'TRY', birthday: '1990-05-20', identities: [{ kind: 'phone', value: '+905321112233' }] },
  { ...base, id: 'john', firstName: 'John', language: 'en-US', timeZone: 'America/New_York', currency: 'USD', birthday: '05-20', identities: [{ kind: 'email', value: 'john@example.com' }] },
  { ...base, id: 'nobday', identities: [{ kind: 'email', value: 'x@example.com' }] },
  { ...base, id: 'stopped', birthday: '05-20', identities: [{ kind: 'phone', value: '+905320000000' }], consents: { sms: { status: 'opted_out' } } },
];

describe('dryRun', () => {
  it('shows who would receive what, in their language, and who is skipped and why', () => {
    const results = dryRun(must(birthdayPreset({ withCoupon: true })), contacts, new Date('2026-05-20T06:00:00Z'), {
      workflowId: 'wf-bday',
      workspaceZone: 'Europe/Istanbul',
      workspace: { name: 'Lale Çiçekçilik' },
      extraFacts: (c) => ({ vars: { coupon: { code: `BDAY-${c.id.toUpperCase()}`, amount: 100 } } }),
    });
    const byId = Object.fromEntries(results.map((r) => [r.contactId, r]));
    expect(byId.ayse.outcome).toBe('receives');
    expect(byId.ayse.messages[0]).toMatchObject({ channel: 'sms', to: '+905321112233', language: 'tr' });
    expect(byId.ayse.messages[0].body).toContain('BDAY-AYSE');
    expect(byId.ayse.messages[0].body).toContain(new Intl.NumberFormat('tr-TR', { style: 'currency', currency: 'TRY' }).format(100));
    expect(byId.nobday).toMatchObject({ outcome: 'skipped', skips: [{ reason: 'condition-false' }] });
    expect(byId.stopped).toMatchObject({ outcome: 'skipped', skips: [{ reason: 'no-consent', step: 'send-greeting-coupon' }] });
  });

  it('simulates quiet hours: a 02:00 New York run is sent at 09:00 local', () => {
    const [john] = dryRun(must(birthdayPreset()), [contacts[1]], new Date('2026-05-20T06:00:00Z'), { workflowId: 'wf-bday', workspaceZone: 'UTC' });
    expect(john.log[0]).toMatchObject({ do: 'defer', reason: 'quiet-hours' });
    expect(john.messages[0].at.toISOString()).toBe('2026-05-20T13:00:00.000Z');
    expect(john.messages[0].body).toContain('Happy birthday, John!');
  });

  it('reports the holdout group as skipped, about 10% of contacts', () => {
    const many = Array.from({ length: 1000 }, (_, i): ContactFacts => ({ ...base, id: `c${i}`, identities: [{ kind: 'email', value: `c${i}@example.com` }] }));
    const results = dryRun(must(reactivationPreset()), many, new Date('2026-06-10T10:00:00Z'), { workflowId: 'wf-react', workspaceZone: 'Europe/Istanbul' });
    const held = results.filter((r) => r.skips[0]?.reason === 'held-out').length;
    expect(held).toBeGreaterThan(60);
    expect(held).toBeLessThan(140);
    expect(results.filter((r) => r.outcome === 'receives').length).toBe(1000 - held);
  });
});
