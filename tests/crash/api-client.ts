// Talks to a running server the way an integrator does: first-run setup, a bearer token, signed API-channel posts.
import { sign } from '../../connectors/signature.ts';

export interface ApiChannel {
  id: string;
  secret: string;
}

export class ApiClient {
  #token = '';

  constructor(readonly baseUrl: string) {}

  /** The same signed-in caller talking to another server process of the same deployment. */
  on(baseUrl: string): ApiClient {
    const other = new ApiClient(baseUrl);
    other.#token = this.#token;
    return other;
  }

  /** The Authorization header, for requests `call` does not make (streams, uploads, downloads). */
  get authorization(): string {
    return `Bearer ${this.#token}`;
  }

  /** Creates the first admin and a personal token; every later call authenticates with the token. */
  async setUp(): Promise<void> {
    const setup = await fetch(`${this.baseUrl}/api/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'crash@example.com', password: 'correct horse battery', name: 'Crash Test' }),
    });
    if (setup.status !== 201) throw new Error(`setup answered ${setup.status}: ${await setup.text()}`);
    const { csrfToken } = (await setup.json()) as { csrfToken: string };
    const cookie = setup.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const token = await fetch(`${this.baseUrl}/api/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ name: 'crash harness' }),
    });
    if (token.status !== 201) throw new Error(`token answered ${token.status}: ${await token.text()}`);
    this.#token = ((await token.json()) as { token: string }).token;
  }

  async call<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: this.authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  }

  createApiChannel(name: string, webhookUrl?: string): Promise<ApiChannel> {
    return this.call('POST', '/api/channels', { kind: 'api', name, config: webhookUrl ? { webhookUrl } : {} });
  }

  /** Posts one signed inbound message; a dropped connection (the server was killed) answers status 0. */
  async postInbound(channel: ApiChannel, body: unknown): Promise<{ status: number; body?: any }> {
    const raw = JSON.stringify(body);
    try {
      const res = await fetch(`${this.baseUrl}/api/channels/${channel.id}/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-ulak-signature': sign(channel.secret, raw) },
        body: raw,
        signal: AbortSignal.timeout(30_000),
      });
      return { status: res.status, body: await res.json().catch(() => undefined) };
    } catch {
      return { status: 0 };
    }
  }
}
