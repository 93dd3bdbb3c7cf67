// The work role's webhook loops: each second new events become deliveries, and due deliveries are sent; stopped with the job queue.
import type { Services } from '../services.ts';
import { every } from '../lib/every.ts';
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
  const stops = [every(services.log, intervalMs, 'webhook fan-out', () => fanOutEvents(deps)), every(services.log, intervalMs, 'webhook deliveries', () => deliverDue(deps))];
  const stop = () => stops.forEach((s) => s());
  services.jobs.boss.once('stopped', stop);
  return stop;
}
