// A cookie-holding API client for test setup: first-run setup, then CSRF-protected writes.
import { createHmac } from 'node:crypto';

export class ApiSession {
  #cookie = '';
  #csrf = '';
  constructor(readonly base: string) {}

  async call<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(this.base + path, {
      method,
      headers: {
        'Content-Type': 'application/json',
        ...(this.#cookie ? { Cookie: this.#cookie } : {}),
        ...(this.#csrf && method !== 'GET' ? { 'X-CSRF-Token': this.#csrf } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = response.headers.getSetCookie?.() ?? [];
    if (setCookie.length) this.#cookie = setCookie.map((c) => c.split(';')[0]).join('; ');
    const text = await response.text();
    const data = text ? JSON.parse(text) : null;
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
    if (data?.csrfToken) this.#csrf = data.csrfToken;
    return data as T;
  }
}

/** Posts an inbound message to an API channel exactly as an integrating system would, signed with its secret. */
export async function postSignedInbound(base: string, channelId: string, secret: string, payload: unknown) {
  const raw = JSON.stringify(payload);
  const signature = `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
  const response = await fetch(`${base}/api/channels/${channelId}/inbound`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Ulak-Signature': signature },
    body: raw,
  });
  if (!response.ok) throw new Error(`inbound → ${response.status} ${await response.text()}`);
  return (await response.json()) as { messageId: string; conversationId: string; contactId: string };
}
