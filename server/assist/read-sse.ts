// Reads the `data:` payloads of a Server-Sent Events body, one event at a time (chat-completions streams name no events).
import { readEvents } from '../lib/sse-events.ts';

export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  for await (const event of readEvents(body)) yield event.data;
}
