import { describe, expect, it } from 'vitest';
import { WorkflowDraft } from './workflow-draft.svelte';
import { validateWorkflow } from '../../../../workflows/validate-workflow.ts';
import { abandonedCartPreset, churnWinBackPreset, thankYouPreset, vipOfferPreset } from '../../../../workflows/presets/index.ts';

const paths = (draft: WorkflowDraft) => draft.issues.map((i) => `${i.path}:${i.key}`);

describe('WorkflowDraft with customer-value triggers', () => {
  it.each([
    ['thank-you', thankYouPreset()],
    ['thank-you for every order', thankYouPreset({ firstOrderOnly: false })],
    ['abandoned cart', abandonedCartPreset()],
    ['VIP offer', vipOfferPreset()],
    ['churn win-back', churnWinBackPreset()],
  ])('opens the %s preset and saves its trigger unchanged', (_, preset) => {
    const draft = new WorkflowDraft(preset);
    expect(draft.definition.trigger).toEqual(preset.trigger);
    expect(draft.issues).toEqual([]);
    expect(validateWorkflow(draft.definition).ok).toBe(true);
  });

  it('keeps a tracked event’s property filters with their types through load and save', () => {
    const trigger = { type: 'event', event: 'event.tracked', name: 'cart_abandoned', properties: { store: 'web', items: 2, gift: false, code: '2' } } as const;
    const draft = new WorkflowDraft({ name: 'Carts', trigger, actions: [{ id: 'tag', type: 'add_label', label: 'cart' }] });
    expect(draft.trigger.properties).toEqual([
      { key: 'store', type: 'string', value: 'web' },
      { key: 'items', type: 'number', value: '2' },
      { key: 'gift', type: 'boolean', value: 'false' },
      { key: 'code', type: 'string', value: '2' },
    ]);
    expect(draft.definition.trigger).toEqual(trigger);
    draft.load(draft.definition);
    expect(draft.definition.trigger).toEqual(trigger);
  });

  it('writes only the chosen event’s filters, and keeps the others for switching back', () => {
    const draft = new WorkflowDraft({ trigger: { type: 'event', event: 'order.placed', nth: 1, minAmount: 250 } });
    draft.trigger.event = 'rfm.segment_changed';
    draft.trigger.to = ['Champions', 'Loyal'];
    draft.trigger.from = ['At risk'];
    expect(draft.definition.trigger).toEqual({ type: 'event', event: 'rfm.segment_changed', to: ['Champions', 'Loyal'], from: ['At risk'] });
    draft.trigger.event = 'churn_risk.entered';
    expect(draft.definition.trigger).toEqual({ type: 'event', event: 'churn_risk.entered' });
    draft.trigger.event = 'order.placed';
    draft.trigger.nth = null;
    expect(draft.definition.trigger).toEqual({ type: 'event', event: 'order.placed', minAmount: 250 });
  });

  it('marks a filter that can never match on its own field', () => {
    const draft = new WorkflowDraft({ name: 'Orders', trigger: { type: 'event', event: 'order.placed' }, actions: [{ id: 'tag', type: 'add_label', label: 'buyer' }] });
    draft.trigger.nth = 0;
    draft.trigger.minAmount = -5;
    expect(paths(draft)).toEqual(['trigger.nth:wf.err.positive', 'trigger.minAmount:wf.err.nonNegative']);
    draft.trigger.nth = 2;
    draft.trigger.minAmount = 0;
    expect(paths(draft)).toEqual([]);

    draft.trigger.event = 'event.tracked';
    draft.trigger.name = 'Cart Abandoned';
    draft.trigger.properties = [
      { key: '', type: 'string', value: 'web' },
      { key: 'items', type: 'number', value: 'two' },
      { key: 'store', type: 'string', value: 'web' },
      { key: 'store', type: 'string', value: 'app' },
    ];
    expect(paths(draft)).toEqual(['trigger.name:wf.err.eventName', 'trigger.properties.0:wf.err.propertyName', 'trigger.properties.1:wf.err.number', 'trigger.properties.3:wf.err.duplicateProperty']);
  });
});
