// The work role's webhook loop: a tick every second that never overlaps itself, stopped with the job queue.
import type { Services } from '../services.ts';
import { runWebhookTick } from './run-webhook-tick.ts';
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
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      await runWebhookTick(deps);
    } catch (err) {
      services.log.warn({ err }, 'webhook tick failed');
    } finally {
      busy = false;
    }
  }, intervalMs);
  timer.unref?.();
  const stop = () => clearInterval(timer);
  services.jobs.boss.once('stopped', stop);
  return stop;
}
