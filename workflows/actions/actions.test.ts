import { describe, expect, it } from 'vitest';
import { nextAssignee } from './round-robin.ts';
import { slaState } from './sla.ts';
import { signWebhook, verifyWebhook } from './webhook-signature.ts';

describe('webhook signature', () => {
  const at = new Date('2026-06-10T12:00:00Z');
  const body = JSON.stringify({ workflow: 'wf-1', contactId: 'c1' });

  it('verifies a body signed with the same secret', () => {
    expect(verifyWebhook('s3cret', body, signWebhook('s3cret', body, at), at)).toBe(true);
  });

  it('rejects another secret, an altered body, and a stale timestamp', () => {
    const header = signWebhook('s3cret', body, at);
    expect(verifyWebhook('other', body, header, at)).toBe(false);
    expect(verifyWebhook('s3cret', `${body} `, header, at)).toBe(false);
    expect(verifyWebhook('s3cret', body, header, new Date(at.getTime() + 10 * 60_000))).toBe(false);
  });
});

describe('nextAssignee', () => {
  it('rotates through the team and skips who is away', () => {
    const team = ['ali', 'bora', 'cem'];
    expect(nextAssignee(team, undefined)).toBe('ali');
    expect(nextAssignee(team, 'ali')).toBe('bora');
    expect(nextAssignee(team, 'cem')).toBe('ali');
    expect(nextAssignee(team, 'ali', (id) => id !== 'bora')).toBe('cem');
    expect(nextAssignee(team, 'ali', () => false)).toBeUndefined();
  });
});

describe('slaState', () => {
  const startedAt = new Date('2026-06-10T12:00:00Z');
  it('runs for an hour by default, then is breached unless answered in time', () => {
    expect(slaState({ startedAt, firstResponseMinutes: 60 }, new Date('2026-06-10T12:30:00Z'))).toMatchObject({ state: 'running' });
    expect(slaState({ startedAt, firstResponseMinutes: 60 }, new Date('2026-06-10T13:01:00Z'))).toMatchObject({ state: 'breached' });
    expect(slaState({ startedAt, firstResponseMinutes: 60, firstRespondedAt: new Date('2026-06-10T12:45:00Z') }, new Date('2026-06-10T14:00:00Z'))).toMatchObject({ state: 'met' });
    expect(slaState({ startedAt, firstResponseMinutes: 60, firstRespondedAt: new Date('2026-06-10T13:30:00Z') }, new Date('2026-06-10T14:00:00Z'))).toMatchObject({ state: 'breached' });
  });
});
