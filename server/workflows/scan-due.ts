// One pass of every time-based scanner; the worker timer and tests call it with the injected clock.
import type { Services } from '../services.ts';
import { checkSlas } from './check-slas.ts';
import { scanDateAttributes } from './scan-date-attributes.ts';
import { scanInactivity } from './scan-inactivity.ts';
import { scanSchedules } from './scan-schedules.ts';
import { scanSegments } from './scan-segments.ts';
import { loadWorkspace } from './workspace-settings.ts';

export interface ScanResult {
  dateAttribute: number;
  inactivity: number;
  schedule: number;
  segment: number;
  slaEscalations: number;
}

export async function scanDue(services: Pick<Services, 'database' | 'jobs' | 'now'>): Promise<ScanResult> {
  const db = services.database.db;
  const now = services.now();
  const ws = await loadWorkspace(db);
  return {
    dateAttribute: await scanDateAttributes(db, now, ws.timeZone),
    inactivity: await scanInactivity(db, now),
    schedule: await scanSchedules(db, now, ws.timeZone),
    segment: await scanSegments(db, now, ws),
    slaEscalations: await checkSlas(services),
  };
}
