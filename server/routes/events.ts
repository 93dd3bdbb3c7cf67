// The realtime stream for the signed-in user: Server-Sent Events fed by Postgres LISTEN/NOTIFY.
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppEnv } from '../http/env.ts';
import { defineRoutes } from '../http/route.ts';

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
    while (!stream.aborted && !stream.closed) {
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
