// Test helpers for the API channel: create it, post signed inbound messages, receive replies on a local webhook.
import { sign } from '../../connectors/signature.ts';
import { signedInAdmin, type Client, type TestApp, type TestAppOptions } from './test-app.ts';

export type ApiChannel = { id: string; secret: string };

export async function createApiChannel(admin: Client, webhookUrl?: string) {
  return admin.ok<ApiChannel>('POST', '/api/channels', { kind: 'api', name: 'Website', config: webhookUrl ? { webhookUrl } : {} });
}

/** A fresh app, its admin signed in and an API channel to post customers' messages to: `({ t, admin, channel } = await adminWithChannel())`. */
export async function adminWithChannel(options?: TestAppOptions): Promise<{ t: TestApp; admin: Client; channel: ApiChannel }> {
  const { t, admin } = await signedInAdmin(options);
  return { t, admin, channel: await createApiChannel(admin) };
}

export async function postInbound(app: TestApp['app'], channel: ApiChannel, body: unknown, signature?: string) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await app.request(`/api/channels/${channel.id}/inbound`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-ulak-signature': signature ?? sign(channel.secret, raw) },
    body: raw,
  });
  return { status: res.status, body: await res.json(), retryAfter: res.headers.get('retry-after') };
}

/** A local HTTP server standing in for the integrator's webhook; can be told to fail, or to take `delayMs` per delivery. */
export function webhookReceiver(options: { delayMs?: number } = {}) {
  const received: any[] = [];
  /** The Idempotency-Key of every delivery that was answered 2xx, in order. */
  const idempotencyKeys: string[] = [];
  const failures: number[] = [];
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    async fetch(req) {
      const body = await req.json();
      if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
      const status = failures.shift();
      if (status) return new Response('failing on purpose', { status });
      received.push(body);
      idempotencyKeys.push(req.headers.get('idempotency-key') ?? '');
      return new Response('ok');
    },
  });
  return { url: `http://127.0.0.1:${server.port}/hook`, received, idempotencyKeys, failNext: (...statuses: number[]) => failures.push(...statuses), stop: () => server.stop(true) };
}

export async function eventually<T>(fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as T;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
