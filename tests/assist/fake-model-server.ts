// A local stand-in for an OpenAI-compatible chat-completions server (Ollama, llama.cpp, vLLM): whole and streamed answers, errors, a hang.
/**
 * `end-mid-stream` closes the body after the first delta without `[DONE]`; `break-mid-stream` breaks the connection there;
 * `never-streams` answers whole JSON even when a stream is asked for, as some servers do; `error-mid-stream` sends an error
 * object after the first delta, then `[DONE]`, as vLLM does.
 */
export type FakeMode =
  | { kind: 'answer' }
  | { kind: 'status'; status: number }
  | { kind: 'hang' }
  | { kind: 'bad-json' }
  | { kind: 'hang-mid-stream' }
  | { kind: 'end-mid-stream' }
  | { kind: 'break-mid-stream' }
  | { kind: 'never-streams' }
  | { kind: 'error-mid-stream' };

export interface ReceivedRequest {
  path: string;
  authorization: string | null;
  body: any;
}

/** `answer` picks a reply per request (by its prompt), for tests that ask for a draft, a summary and a translation in turn. */
export function fakeModelServer(reply = 'Merhaba, siparişiniz yarın teslim edilecek.', answer: (body: any) => string = () => reply) {
  const received: ReceivedRequest[] = [];
  let mode: FakeMode = { kind: 'answer' };
  const hanging: Array<() => void> = [];
  /** Streams the client hung up on before they ended (Ulak's caller stopped reading, or gave up). */
  let hungUp = 0;
  const usage = { prompt_tokens: 42, completion_tokens: 7, total_tokens: 49 };
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    idleTimeout: 0,
    async fetch(req) {
      const body = await req.json().catch(() => undefined);
      received.push({ path: new URL(req.url).pathname, authorization: req.headers.get('authorization'), body });
      if (mode.kind === 'status') return Response.json({ error: { message: 'nope' } }, { status: mode.status });
      // Held open until the test ends: the client's own timeout must give up, nobody sleeps.
      if (mode.kind === 'hang') {
        req.signal.addEventListener('abort', () => hungUp++);
        return new Promise<Response>((resolve) => hanging.push(() => resolve(new Response('late'))));
      }
      if (mode.kind === 'bad-json') return new Response('<html>not an API</html>', { headers: { 'content-type': 'text/html' } });
      const content = answer(body);
      if (!body?.stream || mode.kind === 'never-streams')
        return Response.json({ id: 'c1', object: 'chat.completion', model: body?.model, choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage });
      const words = content.split(/(?<= )/);
      const hangMid = mode.kind === 'hang-mid-stream';
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          const send = (data: string) => controller.enqueue(new TextEncoder().encode(`data: ${data}\n\n`));
          for (const [i, word] of words.entries()) {
            send(JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: i === 0 ? { role: 'assistant', content: word } : { content: word } }] }));
            if (hangMid) {
              hanging.push(() => controller.close());
              return;
            }
            if (mode.kind === 'end-mid-stream') return controller.close();
            if (mode.kind === 'error-mid-stream') {
              send(JSON.stringify({ error: { object: 'error', message: 'This model is overloaded', type: 'InternalServerError', code: 500 } }));
              send('[DONE]');
              return controller.close();
            }
            // Broken once the first delta is on the wire (an error in the same tick would discard it unsent).
            if (mode.kind === 'break-mid-stream') return void setTimeout(() => controller.error(new Error('the model server went away')), 200);
          }
          send(JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', choices: [], usage }));
          send('[DONE]');
          controller.close();
        },
        cancel() {
          hungUp++;
        },
      });
      return new Response(stream, { headers: { 'content-type': 'text/event-stream' } });
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}/v1`,
    port: server.port,
    received,
    reply,
    get hungUp() {
      return hungUp;
    },
    set(next: FakeMode) {
      mode = next;
    },
    stop() {
      for (const release of hanging.splice(0)) {
        try {
          release();
        } catch {
          // The client gave up and the stream is already closed: nothing left to release.
        }
      }
      server.stop(true);
    },
  };
}
