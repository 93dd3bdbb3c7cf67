import { describe, expect, it } from 'vitest';
import { DOMAIN_EVENT_TYPES } from '../realtime/event-types.ts';
import { RUN_OUTCOME_EVENTS } from '../workflows/run-outcomes.ts';
import { WEBHOOK_EVENT_TYPES, domainTypesFor, webhookEventFor } from './event-catalog.ts';
import { MAX_ATTEMPTS, RETRY_DELAYS_MS, nextAttemptAfter } from './retry-schedule.ts';

const event = (type: string, payload: Record<string, unknown> = {}, ids: { conversationId?: string; contactId?: string } = {}) => ({
  type,
  payload,
  messageId: null,
  conversationId: ids.conversationId ?? null,
  contactId: ids.contactId ?? null,
});

describe('webhookEventFor', () => {
  it.each([
    ['message.received', {}, 'message.created'],
    ['message.created', {}, 'message.created'],
    ['message.updated', { status: 'delivered' }, 'message.status_changed'],
    ['message.updated', { edit: true, reaction: false }, 'message.updated'],
    ['message.updated', { attachment: 'a1' }, 'message.updated'],
    ['conversation.reopened', { from: 'resolved' }, 'conversation.updated'],
    ['conversation.resolved', {}, 'conversation.resolved'],
    ['contact.updated', { mergedFrom: 'c2' }, 'contact.merged'],
    ['contact.updated', { changed: ['name'] }, 'contact.updated'],
    ['contact.created', {}, 'contact.created'],
    ['campaign.completed', { campaignId: 'x' }, 'campaign.completed'],
    ['campaign.cancelled', { campaignId: 'x', recipients: { total: 3, cancelled: 2 } }, 'campaign.cancelled'],
    ['workflow.run_completed', { status: 'completed' }, 'workflow.run_completed'],
    ['workflow.run_exited', { status: 'held_out', reason: 'held-out' }, 'workflow.run_exited'],
    ['workflow.run_failed', { status: 'failed', reason: 'engine-error' }, 'workflow.run_failed'],
    ['order.placed', { externalId: '1001', nth: 1 }, 'order.placed'],
    ['event.tracked', { name: 'cart_abandoned' }, 'event.tracked'],
    ['rfm.segment_changed', { from: 'new', to: 'loyal' }, 'rfm.segment_changed'],
    ['churn_risk.entered', { pAlive: 0.2 }, 'churn_risk.entered'],
    ['label.added', { label: 'vip' }, undefined],
    ['webhook.disabled', {}, undefined],
  ])('maps %s %j to %s', (type, payload, expected) => {
    expect(webhookEventFor(event(type, payload))?.type).toBe(expected);
  });

  it('names, for every webhook event, each domain event type it can come from', () => {
    // Payload variants that steer the mapping: a status change, a merge, neither.
    const variants = [{}, { status: 'delivered' }, { mergedFrom: 'c2' }];
    for (const type of DOMAIN_EVENT_TYPES) {
      for (const payload of variants) {
        const hook = webhookEventFor(event(type, payload));
        if (hook) expect(domainTypesFor([hook.type]), `${type} ${JSON.stringify(payload)} → ${hook.type}`).toContain(type);
      }
    }
    for (const type of WEBHOOK_EVENT_TYPES) expect(domainTypesFor([type]).length).toBeGreaterThan(0);
    expect(domainTypesFor(['message.created', 'contact.merged', 'contact.updated']).sort()).toEqual(['contact.updated', 'message.created', 'message.received']);
    expect(domainTypesFor(['nonsense'])).toEqual([]);
  });

  it('orders by conversation, else by contact, else not at all', () => {
    expect(webhookEventFor(event('message.created', {}, { conversationId: 'v1', contactId: 'c1' }))?.orderKey).toBe('conversation:v1');
    expect(webhookEventFor(event('contact.updated', {}, { contactId: 'c1' }))?.orderKey).toBe('contact:c1');
    expect(webhookEventFor(event('order.placed', {}, { contactId: 'c1' }))?.orderKey).toBe('contact:c1');
    expect(webhookEventFor(event('campaign.completed'))?.orderKey).toBeNull();
    expect(webhookEventFor(event('campaign.cancelled'))?.orderKey).toBeNull();
  });

  it('orders the outcomes of workflow runs per contact', () => {
    for (const type of ['workflow.run_completed', 'workflow.run_exited', 'workflow.run_failed']) {
      expect(webhookEventFor(event(type, { status: 'completed' }, { contactId: 'c1' }))).toEqual({ type, orderKey: 'contact:c1' });
    }
  });

  it('offers every outcome a run can end with, and no event nobody records', () => {
    const ended = Object.entries(RUN_OUTCOME_EVENTS).map(([status, type]) => [status, webhookEventFor(event(type, { status }))?.type]);
    expect(ended).toEqual([
      ['completed', 'workflow.run_completed'],
      ['stopped', 'workflow.run_exited'],
      ['skipped', 'workflow.run_exited'],
      ['held_out', 'workflow.run_exited'],
      ['failed', 'workflow.run_failed'],
    ]);
    const recorded: readonly string[] = DOMAIN_EVENT_TYPES;
    expect(WEBHOOK_EVENT_TYPES.filter((type) => !recorded.includes(type))).toEqual(['message.status_changed', 'contact.merged']);
  });
});

describe('retry schedule', () => {
  it('retries over more than a day, then gives up', () => {
    const start = new Date('2026-01-01T00:00:00Z');
    expect(RETRY_DELAYS_MS.reduce((a, b) => a + b, 0)).toBe(99_305_000); // 27 h 35 min 5 s
    expect(nextAttemptAfter(1, start)).toEqual(new Date('2026-01-01T00:00:05Z'));
    expect(nextAttemptAfter(MAX_ATTEMPTS - 1, start)).toEqual(new Date('2026-01-01T10:00:00Z'));
    expect(nextAttemptAfter(MAX_ATTEMPTS, start)).toBeUndefined();
  });
});
