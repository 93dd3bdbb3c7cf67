import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { ContactFacts, Facts } from '../facts.ts';
import type { WorkflowDefinition, WorkflowInput } from '../model.ts';
import { validateWorkflow } from '../validate-workflow.ts';
import { type GuardInputs, planStep } from './plan-step.ts';

const parse = (input: WorkflowInput): WorkflowDefinition => {
  const result = validateWorkflow(input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.workflow;
};

const workflow = parse({
  name: 'Nudge',
  trigger: { type: 'event', event: 'label.added', label: 'lead' },
  conditions: { field: 'contact.language', op: 'exists' },
  actions: [
    { id: 'vip', type: 'branch', if: { op: 'has_label', value: 'vip' }, then: [{ id: 'label-vip', type: 'add_label', label: 'vip-nudged' }] },
    { id: 'nudge', type: 'send_template', template: 'nudge' },
    { id: 'pause', type: 'wait', untilLocalTime: '10:00' },
    { id: 'note', type: 'add_note', body: 'Nudged {{contact.name}}' },
    { id: 'done', type: 'stop' },
  ],
  templates: { nudge: { fallbackLanguage: 'en', languages: { en: { body: 'Hi {{contact.firstName}}' }, tr: { body: 'Merhaba {{contact.firstName}}' } } } },
});

const ZONE = 'Europe/Istanbul';
const at = (local: string) => DateTime.fromISO(local, { zone: ZONE }).toJSDate();
const contact: ContactFacts = {
  id: 'c-42',
  firstName: 'Elif',
  lastName: 'Kaya',
  language: 'tr',
  timeZone: ZONE,
  labels: ['vip'],
  identities: [{ kind: 'whatsapp', value: '905551112233@s.whatsapp.net' }],
  firstSeenAt: new Date('2025-01-01T00:00:00Z'),
};
const guards: GuardInputs = { workspaceZone: 'UTC', recentAutomatedSends: [] };
const plan = (stepId: string | null, over: Partial<ContactFacts> = {}, now = at('2026-06-10T12:00'), g: Partial<GuardInputs> = {}, wf = workflow) =>
  planStep({ workflowId: 'wf-1', workflow: wf, stepId, facts: { contact: { ...contact, ...over }, now } as Facts, guards: { ...guards, ...g } });

describe('planStep', () => {
  it('skips with condition-false and says which condition failed', () => {
    const decision = plan(null, { language: undefined });
    expect(decision).toMatchObject({ skip: 'condition-false', step: null, next: null });
    expect('skip' in decision && decision.detail).toContain('contact.language exists');
  });

  it('skips a contact in the holdout group', () => {
    const held = { ...workflow, settings: { ...workflow.settings, holdoutPercent: 100 } };
    expect(plan(null, {}, undefined, {}, held)).toMatchObject({ skip: 'held-out', next: null });
  });

  it('follows the branch the contact matches and records it', () => {
    expect(plan(null)).toMatchObject({ do: 'action', step: 'label-vip', next: 'nudge', branches: [{ step: 'vip', took: 'then' }] });
    expect(plan(null, { labels: [] })).toMatchObject({ do: 'send', step: 'nudge', branches: [{ step: 'vip', took: 'else' }] });
  });

  it("sends the rendered template in the contact's language on the chosen channel", () => {
    expect(plan('nudge')).toMatchObject({
      do: 'send',
      next: 'pause',
      purpose: 'marketing',
      channel: { kind: 'whatsapp', identity: { kind: 'whatsapp', value: '905551112233@s.whatsapp.net' } },
      rendered: { language: 'tr', body: 'Merhaba Elif' },
    });
  });

  it('defers a send at 02:00 local to 09:00 local (quiet hours)', () => {
    const decision = plan('nudge', {}, at('2026-06-10T02:00'));
    expect(decision).toMatchObject({ do: 'defer', reason: 'quiet-hours', step: 'nudge' });
    expect('until' in decision && decision.until.toISOString()).toBe(at('2026-06-10T09:00').toISOString());
  });

  it('skips the 4th automated message in a week as capped', () => {
    const sent = [1, 2, 3].map((d) => new Date(at('2026-06-10T12:00').getTime() - d * 86_400_000));
    expect(plan('nudge', {}, undefined, { recentAutomatedSends: sent })).toMatchObject({ skip: 'capped', next: 'pause' });
    expect(plan('nudge', {}, undefined, { recentAutomatedSends: sent.slice(1) })).toMatchObject({ do: 'send' });
  });

  it('tells no-consent apart from no-channel', () => {
    expect(plan('nudge', { consents: { whatsapp: { status: 'opted_out' } } })).toMatchObject({ skip: 'no-consent' });
    expect(plan('nudge', {}, undefined, { requireExplicitOptIn: true })).toMatchObject({ skip: 'no-consent' });
    expect(plan('nudge', { identities: [] })).toMatchObject({ skip: 'no-channel' });
  });

  it('waits until the next local time, renders notes, and ends at stop', () => {
    const wait = plan('pause', {}, at('2026-06-10T12:00'));
    expect(wait).toMatchObject({ do: 'wait', next: 'note' });
    expect('until' in wait && wait.until.toISOString()).toBe(at('2026-06-11T10:00').toISOString());
    expect(plan('note')).toMatchObject({ do: 'action', action: { type: 'add_note', body: 'Nudged Elif Kaya' } });
    expect(plan('done')).toMatchObject({ do: 'end', reason: 'stop', next: null });
  });

  it('sends on the channels a step names, in its order, and says why when none applies', () => {
    const withChannels = (channels: unknown) => {
      const input = structuredClone(workflow) as WorkflowInput;
      input.actions = input.actions.map((a) => (a.id === 'nudge' ? { ...a, channels } : a)) as WorkflowInput['actions'];
      return parse(input);
    };
    const both = { identities: [...contact.identities!, { kind: 'email' as const, value: 'elif@example.com' }] };
    // The policy picks WhatsApp (the fixed order); the step asks for email first.
    expect(plan('nudge', both)).toMatchObject({ channel: { kind: 'whatsapp' } });
    expect(plan('nudge', both, undefined, {}, withChannels(['email', 'whatsapp']))).toMatchObject({ do: 'send', channel: { kind: 'email', identity: { value: 'elif@example.com' } } });
    expect(plan('nudge', {}, undefined, {}, withChannels(['email']))).toMatchObject({ skip: 'no-channel', detail: 'the contact has no identity on email' });
    expect(plan('nudge', both, undefined, {}, withChannels('preferred'))).toMatchObject({ skip: 'no-preferred-channel' });
    expect(plan('nudge', { ...both, preferredChannel: 'email' }, undefined, {}, withChannels('preferred'))).toMatchObject({ channel: { kind: 'email' } });
    expect(validateWorkflow({ ...workflow, actions: [{ id: 's', type: 'send_template', template: 'nudge', channels: ['sms', 'sms'] }] }).ok).toBe(false);
    expect(validateWorkflow({ ...workflow, actions: [{ id: 's', type: 'send_template', template: 'nudge', channels: ['fax'] }] }).ok).toBe(false);
  });

  it('refuses a step that is not in the workflow version', () => {
    expect(() => plan('nope')).toThrow(/not in this workflow version/);
  });
});
