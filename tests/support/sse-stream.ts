// Reads /api/events as a signed-in client would: every event's data, parsed, in arrival order.
import { expect } from 'vitest';
import type { Client, TestApp } from './test-app.ts';

export async function openStream(app: TestApp['app'], client: Client) {
  const controller = new AbortController();
  const res = await app.request('/api/events', { headers: { cookie: client.cookie! }, signal: controller.signal });
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const reader = res.body!.getReader();
  const events: any[] = [];
  const state = { ended: false };
  let buffer = '';
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) {
        state.ended = true;
        return;
      }
      buffer += new TextDecoder().decode(value);
      let i;
      while ((i = buffer.indexOf('\n\n')) >= 0) {
        const chunk = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        const data = chunk.split('\n').find((l) => l.startsWith('data: '));
        if (data) events.push(JSON.parse(data.slice(6)));
      }
    }
  })();
  /** `ended`: the server closed the stream (or it was closed here). */
  return {
    events,
    get ended() {
      return state.ended;
    },
    close: () => controller.abort(),
  };
}
