import { describe, expect, it } from 'vitest';
import type { ContactFacts, Facts } from '../facts.ts';
import type { Trigger } from '../model.ts';
import { cronNext } from './cron.ts';
import { explainEventMatch, matchesEvent } from './event.ts';
import { inactivityOccurrence, isInactive } from './inactivity.ts';
import { enteredSegment, segmentChanges } from './segment-entry.ts';

const DAY = 86_400_000;
const now = new Date('2026-06-01T12:00:00Z');

describe('isInactive', () => {
  it('counts from the last inbound message', () => {
    const contact = { firstSeenAt: new Date(now.getTime() - 400 * DAY), lastInboundAt: new Date(now.getTime() - 89 * DAY) };
    expect(isInactive(contact, 90, now)).toBe(false);
    expect(isInactive(contact, 90, new Date(now.getTime() + DAY))).toBe(true);
  });

  it('counts from first seen for a contact who never wrote', () => {
    expect(isInactive({ firstSeenAt: new Date(now.getTime() - 91 * DAY) }, 90, now)).toBe(true);
  });

  it('counts from the latest known activity of any kind, not from the import time', () => {
    const imported = { firstSeenAt: now, lastActivityAt: new Date(now.getTime() - 100 * DAY) };
    expect(isInactive(imported, 90, now)).toBe(true);
    expect(isInactive({ ...imported, lastOrderAt: new Date(now.getTime() - 10 * DAY) }, 90, now)).toBe(false);
    expect(isInactive({ ...imported, lastInboundAt: new Date(now.getTime() - 91 * DAY) }, 90, now)).toBe(true);
    expect(isInactive({ ...imported, lastInboundAt: new Date(now.getTime() - 89 * DAY) }, 90, now)).toBe(false);
  });

  it('gives one occurrence per quiet spell', () => {
    const c: ContactFacts = { id: 'c1', firstSeenAt: new Date('2026-01-01T00:00:00Z') };
    const first = inactivityOccurrence(c, 90);
    expect(first.at.toISOString()).toBe('2026-04-01T00:00:00.000Z');
    const wroteAgain = inactivityOccurrence({ ...c, lastInboundAt: new Date('2026-05-01T00:00:00Z') }, 90);
    expect(wroteAgain.occurrenceKey).not.toBe(first.occurrenceKey);
  });
});

describe('cronNext', () => {
  it('runs a daily 09:00 schedule at 09:00 in the workspace zone across a DST change', () => {
    expect(cronNext('0 9 * * *', 'America/New_York', new Date('2025-03-08T15:00:00Z')).toISOString()).toBe('2025-03-09T13:00:00.000Z');
    expect(cronNext('0 9 * * *', 'America/New_York', new Date('2025-03-07T15:00:00Z')).toISOString()).toBe('2025-03-08T14:00:00.000Z');
    expect(cronNext('30 10 * * 1', 'Europe/Istanbul', new Date('2026-06-01T08:00:00Z')).toISOString()).toBe('2026-06-08T07:30:00.000Z');
  });
});

describe('matchesEvent', () => {
  const onMessage: Trigger = { type: 'event', event: 'message.received' };
  const event = { type: 'message.received', id: 'e1', contactId: 'c1', message: { channel: 'sms' as const } };

  it('matches a customer message', () => {
    expect(matchesEvent(onMessage, event)).toBe(true);
  });

  it('never fires for an event caused by automation (loop guard)', () => {
    expect(explainEventMatch(onMessage, { ...event, causedByAutomation: true })).toEqual({ matches: false, reason: 'loop-guard' });
  });

  it('never fires for an auto-reply or a history import', () => {
    expect(explainEventMatch(onMessage, { ...event, message: { channel: 'email', autoReply: true } })).toEqual({ matches: false, reason: 'auto-reply' });
    expect(matchesEvent(onMessage, { ...event, message: { channel: 'whatsapp', history: true } })).toBe(false);
  });

  it('honours the label and channel filters', () => {
    expect(matchesEvent({ type: 'event', event: 'label.added', label: 'vip' }, { type: 'label.added', id: 'e2', contactId: 'c1', label: 'vip' })).toBe(true);
    expect(matchesEvent({ type: 'event', event: 'label.added', label: 'vip' }, { type: 'label.added', id: 'e2', contactId: 'c1', label: 'lead' })).toBe(false);
    expect(matchesEvent({ ...onMessage, channels: ['whatsapp'] }, event)).toBe(false);
    expect(matchesEvent(onMessage, { ...event, type: 'conversation.resolved' })).toBe(false);
  });
});

describe('segmentChanges', () => {
  it('tells who entered and who left between two scans', () => {
    expect(segmentChanges(['a', 'b', 'c'], ['b', 'd'])).toEqual({ entered: ['a', 'c'], left: ['d'] });
    expect(segmentChanges([], [])).toEqual({ entered: [], left: [] });
  });
});

describe('enteredSegment', () => {
  const vip = { op: 'has_label' as const, value: 'vip' };
  const facts = (labels: string[]): Facts => ({ now, contact: { id: 'c1', labels, firstSeenAt: now } });
  it('fires only on the transition into the segment', () => {
    expect(enteredSegment(vip, facts([]), facts(['vip']))).toBe(true);
    expect(enteredSegment(vip, facts(['vip']), facts(['vip']))).toBe(false);
    expect(enteredSegment(vip, undefined, facts(['vip']))).toBe(true);
  });
});
