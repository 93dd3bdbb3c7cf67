// A local stand-in for an integrator's webhook that fails, hangs and answers, and records every delivery it sees.
// Each reply's text ends in its number; the number picks its behaviour, so the outcome of every reply is known.

export type Behaviour = 'fails-once' | 'hangs-once' | 'answers' | 'rejects' | 'accepts-slowly';
const BEHAVIOURS: Behaviour[] = ['fails-once', 'hangs-once', 'answers', 'rejects', 'accepts-slowly'];

export const behaviourOf = (n: number): Behaviour => BEHAVIOURS[n % BEHAVIOURS.length]!;

export interface Delivery {
  messageId: string;
  idempotencyKey: string | null;
  n: number;
  /** Whether the receiver took the message in (it may still have died before the sender heard the 200). */
  accepted: boolean;
}

export function flakyReceiver() {
  const deliveries: Delivery[] = [];
  const attempts = new Map<string, number>();
  let hanging = 0;
  let slow = 0;
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    // No idle cut-off: a hanging delivery hangs until the sender gives up (its own timeout) or dies.
    idleTimeout: 0,
    async fetch(req) {
      const body = (await req.json()) as { id: string; text: string };
      const n = Number(/(\d+)$/.exec(body.text)?.[1] ?? -1);
      const attempt = (attempts.get(body.id) ?? 0) + 1;
      attempts.set(body.id, attempt);
      const behaviour = behaviourOf(n);
      const record = (accepted: boolean) => deliveries.push({ messageId: body.id, idempotencyKey: req.headers.get('idempotency-key'), n, accepted });
      if (behaviour === 'rejects') return (record(false), new Response('no such recipient', { status: 422 }));
      if (behaviour === 'fails-once' && attempt === 1) return (record(false), new Response('try later', { status: 503 }));
      if (behaviour === 'hangs-once' && attempt === 1) {
        record(false);
        hanging++;
        await new Promise((resolve) => req.signal.addEventListener('abort', resolve));
        hanging--;
        return new Response(null, { status: 499 });
      }
      record(true);
      if (behaviour === 'accepts-slowly') {
        // Taken in at once, answered late: a sender killed meanwhile never hears it and must resend, same key.
        slow++;
        await Promise.race([Bun.sleep(2_000), new Promise((resolve) => req.signal.addEventListener('abort', resolve))]);
        slow--;
      }
      return new Response('ok');
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}/hook`,
    deliveries,
    get hanging() {
      return hanging;
    },
    get slow() {
      return slow;
    },
    stop: () => server.stop(true),
  };
}
