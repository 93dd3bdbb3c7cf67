// Splits a Server-Sent Events body into named events (`event:` and `data:` lines, a blank line ends each); used by the
// server reading a model's stream and by the web app reading the assist stream.
export interface StreamEvent {
  event: string;
  data: string;
}

export async function* readEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<StreamEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let name = 'message';
  let data: string[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline).replace(/\r$/, '');
        buffer = buffer.slice(newline + 1);
        if (line === '') {
          if (data.length) yield { event: name, data: data.join('\n') };
          name = 'message';
          data = [];
        } else if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
    }
    if (data.length) yield { event: name, data: data.join('\n') };
  } finally {
    // Stopped early ([DONE], an error, a timeout, the stop button): the connection must not be left half read.
    await reader.cancel().catch(() => {});
  }
}
