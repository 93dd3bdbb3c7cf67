// A local integrator for webhook tests: verifies Standard Webhooks signatures with the spec's library, and can be
// told to fail (500) or hang for the next requests; dedupes by webhook-id like a real receiver should.
import { Webhook } from 'standardwebhooks';

export type Behaviour = 'ok' | 'fail' | 'hang';

export interface ReceivedRequest {
  webhookId: string;
  body: { id: string; type: string; timestamp: string; data: Record<string, any> };
  signature: string;
  /** Which of the receiver's known secrets verify this request (by index). */
  verifiedBy: number[];
  answered: Behaviour;
}

export function signedReceiver(secrets: string[] = []) {
  const requests: ReceivedRequest[] = [];
  /** First accepted body per webhook-id, in the order accepted. */
  const accepted = new Map<string, ReceivedRequest>();
  const plan: Behaviour[] = [];
  let always: Behaviour = 'ok';
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    async fetch(req) {
      const raw = await req.text();
      const headers = Object.fromEntries(req.headers);
      const verifiedBy = secrets.flatMap((secret, i) => {
        try {
          new Webhook(secret).verify(raw, headers);
          return [i];
        } catch {
          return [];
        }
      });
      const answered = plan.shift() ?? always;
      const entry: ReceivedRequest = { webhookId: headers['webhook-id'] ?? '', body: JSON.parse(raw), signature: headers['webhook-signature'] ?? '', verifiedBy, answered };
      requests.push(entry);
      if (answered === 'hang') return new Promise<Response>(() => {});
      if (answered === 'fail') return new Response('down for maintenance', { status: 500 });
      if (!accepted.has(entry.webhookId)) accepted.set(entry.webhookId, entry);
      return new Response(null, { status: 204 });
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}/hooks/ulak`,
    secrets,
    requests,
    accepted,
    /** The next requests are answered like this, in order; after them, `always`. */
    then: (...behaviours: Behaviour[]) => plan.push(...behaviours),
    always: (b: Behaviour) => (always = b),
    stop: () => server.stop(true),
  };
}
