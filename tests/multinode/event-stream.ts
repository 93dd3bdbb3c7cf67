// An agent's realtime connection to one server process: GET /api/events (Server-Sent Events), collected as they come.
export interface EventStream {
  events: Array<{ type: string; messageId?: string | null; conversationId?: string | null }>;
  close(): void;
}

export async function openEventStream(baseUrl: string, authorization: string): Promise<EventStream> {
  const controller = new AbortController();
  const res = await fetch(`${baseUrl}/api/events`, { headers: { authorization }, signal: controller.signal });
  if (!res.ok || !res.headers.get('content-type')?.includes('text/event-stream')) throw new Error(`the event stream answered ${res.status}`);
  const events: EventStream['events'] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const chunk = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (/^event: ready$/m.test(chunk)) ready();
        const data = chunk.split('\n').find((line) => line.startsWith('data: '));
        if (data && !/^event: ready$/m.test(chunk)) events.push(JSON.parse(data.slice(6)));
      }
    }
  })();
  await isReady;
  return { events, close: () => controller.abort() };
}
