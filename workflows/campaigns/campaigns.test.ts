import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { ContactFacts, Facts } from '../facts.ts';
import { campaignProgress, commandsFor, reportedStatus, transition } from './lifecycle.ts';
import { describeMissing, TemplateCheckTally } from './template-check.ts';
import { type CampaignInput, campaignSchema } from './model.ts';
import { planCampaign, planCampaignSend } from './plan-campaign.ts';

const input: CampaignInput = {
  name: 'Summer sale',
  segment: { op: 'has_label', value: 'customer' },
  template: { fallbackLanguage: 'en', languages: { en: { body: 'Sale, {{contact.firstName | "friend"}}!' }, tr: { body: 'İndirim, {{contact.firstName | "dostum"}}!' } } },
  schedule: { mode: 'local_time', date: '2026-07-01', time: '10:00' },
  throttlePerMinute: 2,
};
const campaign = campaignSchema.parse(input);
const now = new Date('2026-06-30T12:00:00Z');
const person = (id: string, timeZone: string, labels = ['customer']): Facts => ({
  now,
  contact: { id, timeZone, labels, firstSeenAt: now, identities: [{ kind: 'email', value: `${id}@example.com` }] } as ContactFacts,
});

describe('planCampaign', () => {
  it("sends at 10:00 in each contact's own zone and excludes those outside the segment", () => {
    const plan = planCampaign('cmp-1', campaign, [person('ny', 'America/New_York'), person('ist', 'Europe/Istanbul'), person('out', 'UTC', [])], now, 'UTC');
    expect(plan.excluded.map((e) => e.contactId)).toEqual(['out']);
    const at = Object.fromEntries(plan.sends.map((s) => [s.contactId, DateTime.fromJSDate(s.sendAt, { zone: s.contactId === 'ny' ? 'America/New_York' : 'Europe/Istanbul' }).toFormat('MM-dd HH:mm')]));
    expect(at).toEqual({ ny: '07-01 10:00', ist: '07-01 10:00' });
    expect(plan.sends[0].occurrenceKey).toBe('campaign:cmp-1:ist');
  });

  it('throttles sends into following minutes', () => {
    const nowCampaign = campaignSchema.parse({ ...input, schedule: { mode: 'now' } });
    const plan = planCampaign(
      'cmp-2',
      nowCampaign,
      ['a', 'b', 'c', 'd', 'e'].map((id) => person(id, 'UTC')),
      now,
      'UTC',
    );
    const minutes = plan.sends.map((s) => (s.sendAt.getTime() - Math.floor(now.getTime() / 60_000) * 60_000) / 60_000);
    expect(minutes.map(Math.floor)).toEqual([0, 0, 1, 1, 2]);
  });

  it('sends at once, flagged late, where the local time has already passed', () => {
    const plan = planCampaign('cmp-3', campaign, [person('tokyo', 'Asia/Tokyo')], new Date('2026-07-01T02:00:00Z'), 'UTC');
    expect(plan.sends[0]).toMatchObject({ late: true, sendAt: new Date('2026-07-01T02:00:00Z') });
  });

  it('applies the workflow guards at send time', () => {
    const facts = person('ist', 'Europe/Istanbul');
    const guards = { workspaceZone: 'UTC', recentAutomatedSends: [] };
    expect(planCampaignSend(campaign, { ...facts, now: new Date('2026-07-01T07:00:00Z') }, guards)).toMatchObject({ do: 'send', rendered: { body: 'Sale, friend!' } });
    expect(planCampaignSend(campaign, { ...facts, now: new Date('2026-07-01T20:00:00Z') }, guards)).toMatchObject({ do: 'defer', reason: 'quiet-hours' });
  });
});

describe('campaign lifecycle', () => {
  it('pauses, resumes and cancels, and refuses what makes no sense', () => {
    expect(transition('running', 'pause')).toEqual({ ok: true, status: 'paused' });
    expect(transition('paused', 'resume')).toEqual({ ok: true, status: 'running' });
    expect(transition('paused', 'cancel')).toEqual({ ok: true, status: 'cancelled' });
    expect(transition('completed', 'resume')).toEqual({ ok: false, error: 'cannot resume a completed campaign' });
  });

  it('offers only the commands that make sense in each state', () => {
    expect(commandsFor('draft')).toEqual(['start', 'cancel']);
    expect(commandsFor('running')).toEqual(['pause', 'cancel']);
    expect(commandsFor('paused')).toEqual(['resume', 'cancel']);
    expect(commandsFor('completed')).toEqual([]);
  });

  it('reports progress', () => {
    expect(campaignProgress({ total: 200, sent: 120, failed: 3, skipped: 7 })).toMatchObject({ pending: 70, percent: 65 });
  });
});

describe('template check', () => {
  it('counts, per variable without a fallback, the contacts it would leave blank', () => {
    const tally = new TemplateCheckTally({
      fallbackLanguage: 'en',
      languages: { en: { body: 'Hi {{contact.firstName | "there"}}, you spent {{contact.attributes.spent}} ({{contact.attributes.tier}})' } },
    });
    tally.add({ now, contact: { id: 'a', firstSeenAt: now, attributes: { spent: 10, tier: 'gold' } } });
    tally.add({ now, contact: { id: 'b', firstSeenAt: now, attributes: { tier: 'gold' } } });
    tally.add({ now, contact: { id: 'c', firstSeenAt: now, attributes: { spent: '' } } });
    const check = tally.result();
    expect(check).toEqual({
      ok: false,
      missing: [
        { variable: 'contact.attributes.spent', contacts: 2, sampleContactIds: ['b', 'c'] },
        { variable: 'contact.attributes.tier', contacts: 1, sampleContactIds: ['c'] },
      ],
    });
    expect(describeMissing(check)).toBe(
      '{{contact.attributes.spent}} has no value for 2 contacts and no fallback (write {{contact.attributes.spent | "…"}}); {{contact.attributes.tier}} has no value for 1 contact and no fallback (write {{contact.attributes.tier | "…"}})',
    );
  });

  it('reports a running campaign as sending, every other state as stored', () => {
    expect(reportedStatus('running')).toBe('sending');
    expect(reportedStatus('completed')).toBe('completed');
    expect(reportedStatus('paused')).toBe('paused');
  });
});
