// The integrator's webhook for the API channel, as several worker processes see it: records every delivery with the
// client port it came from, and can hold its answers (the deliveries stay on the wire) until told to let them go.
import type { Server } from 'bun';

export interface Delivery {
  /** The reply's id, also its Idempotency-Key. */
  messageId: string;
  idempotencyKey: string;
  text: string;
  attachments: Array<{ filename: string; contentType: string; contentBase64: string }>;
  clientPort: number;
  /** Answered 200 to a sender that was still there; false when the sender went away while the answer was held. */
  accepted: boolean;
}

export class HoldingReceiver {
  readonly deliveries: Delivery[] = [];
  #server: Server<undefined>;
  #holding = false;
  #held = new Set<{ delivery: Delivery; release: () => void }>();

  constructor() {
    this.#server = Bun.serve({ hostname: '127.0.0.1', port: 0, idleTimeout: 0, fetch: (req, server) => this.#receive(req, server.requestIP(req)?.port ?? 0) });
  }

  get port(): number {
    return this.#server.port!;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}/${path}`;
  }

  /** From now on, each delivery waits for `release()` before it is answered. */
  hold() {
    this.#holding = true;
  }

  /** Deliveries waiting for their answer right now. */
  get held(): Delivery[] {
    return [...this.#held].map((h) => h.delivery);
  }

  release() {
    this.#holding = false;
    for (const h of this.#held) h.release();
    this.#held.clear();
  }

  /** Deliveries answered 200, by message id: more than one for a message means it reached the integrator twice. */
  acceptedById(): Map<string, Delivery[]> {
    const byId = new Map<string, Delivery[]>();
    for (const d of this.deliveries) if (d.accepted) byId.set(d.messageId, [...(byId.get(d.messageId) ?? []), d]);
    return byId;
  }

  stop() {
    this.release();
    this.#server.stop(true);
  }

  async #receive(req: Request, clientPort: number): Promise<Response> {
    const body = (await req.json()) as { id: string; text: string; attachments?: Delivery['attachments'] };
    const delivery: Delivery = {
      messageId: body.id,
      idempotencyKey: req.headers.get('idempotency-key') ?? '',
      text: body.text,
      attachments: body.attachments ?? [],
      clientPort,
      accepted: false,
    };
    this.deliveries.push(delivery);
    if (this.#holding) await new Promise<void>((release) => this.#held.add({ delivery, release }));
    // A killed sender's connection is gone: Bun aborts the request's signal, and that answer never arrives.
    delivery.accepted = !req.signal.aborted;
    return new Response('ok');
  }
}
