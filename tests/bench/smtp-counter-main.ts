// Bench helper process: runs the SMTP counter peer apart from the process under test, so the peer's CPU is not
// charged to Ulak. Prints `port <n>`, then `a <epoch ms>` per mail and `r <n> <epoch ms>` per marked reply.
import { SMTPServer } from 'smtp-server';

const out: string[] = [];
const flush = () => {
  if (out.length) process.stdout.write(out.splice(0).join(''));
};
setInterval(flush, 10);
const server = new SMTPServer({
  disabledCommands: ['STARTTLS', 'AUTH'],
  authOptional: true,
  logger: false,
  onData(stream, _session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const at = Date.now();
      out.push(`a ${at}\n`);
      const m = /benchmark-reply-(\d+)/.exec(Buffer.concat(chunks).toString('latin1'));
      if (m) out.push(`r ${m[1]} ${at}\n`);
      callback();
    });
  },
});
server.on('error', () => undefined);
server.listen(0, '127.0.0.1', () => process.stdout.write(`port ${(server.server.address() as { port: number }).port}\n`));
