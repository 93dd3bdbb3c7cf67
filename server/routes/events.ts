// The realtime stream for the signed-in user: Server-Sent Events fed by Postgres LISTEN/NOTIFY.
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppEnv } from '../http/env.ts';
import { defineRoutes } from '../http/route.ts';
import { stillSignedIn } from '../auth/still-signed-in.ts';

/** How often an open stream asks again whether its session or token still stands (sign-out, deactivation, revoking). */
const RECHECK_MS = 5_000;

export const app = new Hono<AppEnv>();
const route = defineRoutes(app, 'realtime', '/api');

route({ method: 'get', path: '/events', summary: 'Server-Sent Events: message.*, conversation.*, contact.*, channel.updated, presence', access: 'user' }, (c, { user }) =>
  streamSSE(c, async (stream) => {
    const queue: string[] = [];
    let wake: (() => void) | undefined;
    const unsubscribe = c.get('services').realtime.subscribe((event) => {
      // An agent's own presence is news only to the others.
      if (event.type === 'presence' && event.userId === user.id) return;
      // A disabled webhook is for the admins, who can fix and re-enable it; to others it is only noise.
      if (event.type === 'webhook.disabled' && !user.roles.includes('admin')) return;
      queue.push(JSON.stringify(event));
      wake?.();
    });
    stream.onAbort(() => {
      unsubscribe();
      wake?.();
    });
    await stream.writeSSE({ event: 'ready', data: '{}' });
    const services = c.get('services');
    let checkedAt = services.now().getTime();
    // Checked before anything more is written: a user signed out or deactivated since hears nothing further.
    const revoked = async () => {
      if (services.now().getTime() - checkedAt < RECHECK_MS) return false;
      // A database away for a moment ends no stream: the next check asks again.
      if (!(await stillSignedIn(c).catch(() => true))) return true;
      checkedAt = services.now().getTime();
      return false;
    };
    while (!stream.aborted && !stream.closed) {
      if (await revoked()) break;
      while (queue.length) {
        const data = queue.shift()!;
        await stream.writeSSE({ event: JSON.parse(data).type, data });
      }
      // A comment every 15 s keeps proxies (and Bun's idle timeout) from closing a quiet stream.
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 15_000);
      });
      wake = undefined;
      if (!queue.length && !stream.aborted) await stream.write(': keep-alive\n\n');
    }
    unsubscribe();
  }),
);
