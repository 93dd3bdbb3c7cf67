import { describe, expect, it } from 'vitest';
import { nextAssignee } from './round-robin.ts';
import { slaState } from './sla.ts';

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
