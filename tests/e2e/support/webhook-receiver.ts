// A tiny loopback HTTP server standing in for a customer's system that receives API-channel replies.
import { createServer } from 'node:http';

export interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export async function startReceiver() {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ id: `rcv-${received.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/replies`,
    received,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
