import { describe, expect, it } from 'vitest';
import type { MacroAction } from '../api/types';
import { toAction, toSteps } from './macro-steps';

describe('macro steps', () => {
  it('opens a saved macro as rows that save back to the same actions', () => {
    const saved: MacroAction[] = [
      { type: 'label', add: ['vip', 'kargo'] },
      { type: 'assign', userId: 'me' },
      { type: 'assign', userId: null },
      { type: 'assign', userId: '6f1c1c52-4a8b-4d43-9f0e-0d6f7f1f2a11' },
      { type: 'reply', cannedResponseId: '0b6a1e3c-2f4d-4f5e-8a9b-1c2d3e4f5a6b' },
      { type: 'snooze', hours: 24 },
      { type: 'resolve' },
    ];
    expect(toSteps(saved).map(toAction)).toEqual(saved);
  });

  it('splits a label action that adds and removes into two rows, keeping both', () => {
    const steps = toSteps([{ type: 'label', add: ['çözüldü'], remove: ['bekliyor', 'acil'] }]);
    expect(steps).toEqual([
      { type: 'label', value: 'çözüldü' },
      { type: 'unlabel', value: 'bekliyor, acil' },
    ]);
    expect(steps.map(toAction)).toEqual([
      { type: 'label', add: ['çözüldü'] },
      { type: 'label', remove: ['bekliyor', 'acil'] },
    ]);
  });
});
