// The engine's background work: dispatcher every second, scanners every minute, the step runner on a pg-boss queue.
import { QUEUES } from '../jobs/job-queue.ts';
import { every } from '../lib/every.ts';
import type { Services } from '../services.ts';
import { dispatchEvents } from './dispatch-events.ts';
import { runDueSteps } from './run-due-steps.ts';
import { scanDue } from './scan-due.ts';

export interface WorkflowTimers {
  dispatchMs?: number;
  scanMs?: number;
  /** Deferred and waiting steps fall due as time passes, without any event to wake the runner. */
  runnerMs?: number;
}

export async function startWorkflowWorkers(services: Services, timers: WorkflowTimers = {}): Promise<() => void> {
  const wake = () => services.jobs.send(QUEUES.workflowStep, {}).then(() => undefined);
  await services.jobs.work(QUEUES.workflowStep, async () => void (await runDueSteps(services)), { concurrency: 1 });
  const stops = [
    every(services.log, timers.dispatchMs ?? 1_000, 'workflow dispatcher', async () => {
      const r = await dispatchEvents(services);
      if (r.runsStarted || r.repliesRecorded) await wake();
    }),
    every(services.log, timers.scanMs ?? 60_000, 'workflow scanners', async () => {
      const r = await scanDue(services);
      if (r.dateAttribute + r.inactivity + r.schedule + r.segment > 0) await wake();
    }),
    every(services.log, timers.runnerMs ?? 5_000, 'workflow runner', () => runDueSteps(services)),
  ];
  const stop = () => stops.forEach((s) => s());
  services.jobs.boss.once('stopped', stop);
  return stop;
}
