// The work role's webhook loops: each second new events become deliveries, and due deliveries are sent; stopped with the job queue.
import type { Services } from '../services.ts';
import { deliverDue } from './deliver-due.ts';
import { fanOutEvents } from './fan-out-events.ts';
import type { WebhookDeps } from './webhook-deps.ts';

export const webhookDeps = (services: Services): WebhookDeps => ({
  database: services.database,
  secretKey: services.config.secretKey,
  egress: { allow: services.config.webhookAllow },
  now: services.now,
  disable: services.config.webhookDisable,
});

export function startWebhookWorker(services: Services, intervalMs = 1_000): () => void {
  const deps = webhookDeps(services);
  // Two loops, so that deliveries waiting on a slow receiver never hold back new events becoming deliveries.
  const timers = [
    everyInterval(
      intervalMs,
      () => fanOutEvents(deps),
      (err) => services.log.warn({ err }, 'webhook fan-out failed'),
    ),
    everyInterval(
      intervalMs,
      () => deliverDue(deps),
      (err) => services.log.warn({ err }, 'webhook deliveries failed'),
    ),
  ];
  const stop = () => timers.forEach(clearInterval);
  services.jobs.boss.once('stopped', stop);
  return stop;
}

/** Runs `pass` every interval, never two at once (a long pass makes the next wait). */
function everyInterval(intervalMs: number, pass: () => Promise<unknown>, failed: (err: unknown) => void) {
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      await pass();
    } catch (err) {
      failed(err);
    } finally {
      busy = false;
    }
  }, intervalMs);
  timer.unref?.();
  return timer;
}
