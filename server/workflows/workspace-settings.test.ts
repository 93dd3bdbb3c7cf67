import { describe, expect, it } from 'vitest';
import { birthdayPreset, complaintPreset, validateWorkflow, type WorkflowDefinition } from '../../workflows/index.ts';
import { withWorkspaceDefaults, type EngineWorkspace } from './workspace-settings.ts';

const ws: EngineWorkspace = { name: 'Acme', timeZone: 'Europe/Istanbul', quietHours: { start: '22:00', end: '08:00' }, frequencyCap: { max: 2, perDays: 3 } };
const parsed = (input: object) => (validateWorkflow(input) as { ok: true; workflow: WorkflowDefinition }).workflow;

describe('withWorkspaceDefaults', () => {
  it('fills quiet hours and the frequency cap the author left out from the workspace', () => {
    const source = birthdayPreset() as Record<string, unknown>;
    expect(withWorkspaceDefaults(parsed(source), source, ws).settings).toMatchObject({ quietHours: ws.quietHours, frequencyCap: ws.frequencyCap });
  });

  it('keeps what the author chose, including quiet hours turned off and an explicit 21:00–09:00', () => {
    const complaint = complaintPreset({ teamId: 't1' }) as Record<string, unknown>;
    expect(withWorkspaceDefaults(parsed(complaint), complaint, ws).settings.quietHours).toBeNull();
    const explicit = { ...birthdayPreset(), settings: { holdoutPercent: 0, quietHours: { start: '21:00', end: '09:00' }, frequencyCap: { max: 5, perDays: 7 } } };
    expect(withWorkspaceDefaults(parsed(explicit), explicit, ws).settings).toMatchObject({ quietHours: { start: '21:00', end: '09:00' }, frequencyCap: { max: 5, perDays: 7 } });
  });
});
