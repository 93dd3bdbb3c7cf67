import { describe, expect, it } from 'vitest';
import type { WorkflowInput } from './model.ts';
import { validateWorkflow } from './validate-workflow.ts';

const base: WorkflowInput = {
  name: 'Welcome',
  trigger: { type: 'event', event: 'conversation.created' },
  actions: [{ id: 'hello', type: 'send_template', template: 'hello' }],
  templates: { hello: { fallbackLanguage: 'en', languages: { en: { body: 'Hi {{contact.firstName}} from {{workspace.name}}' } } } },
};

const errorsOf = (input: unknown) => {
  const result = validateWorkflow(input);
  return result.ok ? [] : result.errors;
};

describe('validateWorkflow', () => {
  it('accepts a valid definition and applies default settings', () => {
    const result = validateWorkflow(base);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.workflow.settings.quietHours).toEqual({ start: '21:00', end: '09:00' });
  });

  it('rejects a template variable that does not exist, naming where', () => {
    const input = structuredClone(base);
    input.templates!.hello.languages.tr = { body: 'Merhaba {{contact.firstname}}' };
    expect(errorsOf(input)).toEqual([{ path: 'templates.hello.languages.tr.body', message: 'unknown variable {{contact.firstname}}' }]);
  });

  it('rejects a placeholder left open or closed twice, which would reach the customer as typed', () => {
    const input = structuredClone(base);
    input.templates!.hello.languages.en = { subject: 'Hi contact.firstName}}', body: 'Hi {{contact.firstName, welcome' };
    expect(errorsOf(input)).toEqual([
      { path: 'templates.hello.languages.en.body', message: 'a "{{" is never closed with "}}"' },
      { path: 'templates.hello.languages.en.subject', message: 'a "}}" closes no "{{"' },
    ]);
  });

  it('accepts custom attributes and run variables but rejects unknown filters', () => {
    const input = structuredClone(base);
    input.templates!.hello.languages.en.body = '{{contact.attributes.loyaltyTier}} {{vars.orderNo}} {{coupon.amount | money}}';
    expect(errorsOf(input)).toEqual([]);
    input.templates!.hello.languages.en.body = '{{coupon.amount | euros}}';
    expect(errorsOf(input)[0].message).toContain('unknown filter "euros"');
  });

  it('rejects a send step whose template is missing and a fallback language without text', () => {
    const input = structuredClone(base);
    input.actions = [{ id: 'x', type: 'send_template', template: 'nope' }];
    input.templates!.hello.fallbackLanguage = 'tr';
    expect(
      errorsOf(input)
        .map((e) => e.path)
        .sort(),
    ).toEqual(['actions.0.template', 'templates.hello.fallbackLanguage']);
  });

  it('rejects duplicate step ids inside branches and steps after stop', () => {
    const input = structuredClone(base);
    input.actions = [
      { id: 'b', type: 'branch', if: { op: 'has_label', value: 'vip' }, then: [{ id: 'hello', type: 'send_template', template: 'hello' }] },
      { id: 'hello', type: 'stop' },
      { id: 'late', type: 'add_label', label: 'x' },
    ];
    expect(errorsOf(input).map((e) => e.message)).toEqual(['duplicate step id "hello"', 'steps after stop can never run']);
  });

  it('accepts an http(s) webhook step and rejects another scheme', () => {
    const hook = (url: string) => ({ ...base, actions: [{ id: 'hook', type: 'call_webhook', url, secretRef: 'crm' }] });
    expect(errorsOf(hook('https://crm.example.com/hooks/ulak'))).toEqual([]);
    expect(errorsOf(hook('ftp://crm.example.com/x'))[0].path).toBe('actions.0.url');
  });

  it('rejects a tracked-event trigger naming an event the events API would never take', () => {
    expect(errorsOf({ ...base, trigger: { type: 'event', event: 'event.tracked', name: 'cart_abandoned' } })).toEqual([]);
    expect(errorsOf({ ...base, trigger: { type: 'event', event: 'event.tracked', name: 'Cart Abandoned' } })).toEqual([
      { path: 'trigger.name', message: 'must be a lower-case event name such as cart_abandoned' },
    ]);
  });

  it('rejects an RFM trigger naming a segment by anything but its code, which would never fire', () => {
    const rfm = (filters: object): unknown => ({ ...base, trigger: { type: 'event', event: 'rfm.segment_changed', ...filters } });
    const codes = "Champions, Loyal, Potential loyalists, New, Promising, Need attention, At risk, Can't lose them, Hibernating, Lost";
    expect(errorsOf(rfm({ to: ['Champion'], from: ['Lost', 'Şampiyonlar'] }))).toEqual([
      { path: 'trigger.to.0', message: `"Champion" is no RFM segment: use one of ${codes}` },
      { path: 'trigger.from.1', message: `"Şampiyonlar" is no RFM segment: use one of ${codes}` },
    ]);
    // A code in another case is taken and kept as the code, which the trigger compares exactly.
    const cased = validateWorkflow(rfm({ to: ['champions'], from: ['AT RISK'] }));
    expect(cased.ok && cased.workflow.trigger).toEqual({ type: 'event', event: 'rfm.segment_changed', to: ['Champions'], from: ['At risk'] });
  });

  it('rejects a bad cron expression and a malformed trigger', () => {
    expect(errorsOf({ ...base, trigger: { type: 'schedule', cron: '61 * * * *' } })[0].path).toBe('trigger.cron');
    expect(errorsOf({ ...base, trigger: { type: 'inactivity', days: -3 } })[0].path).toBe('trigger.days');
  });
});
