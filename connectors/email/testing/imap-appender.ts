// Test helper: a second IMAP client that drops messages into the test mailbox, as an MTA would.
import { ImapFlow } from 'imapflow';
import type { DovecotServer } from './dovecot.ts';

export async function openAppender(server: Pick<DovecotServer, 'host' | 'port' | 'user' | 'password'>) {
  const client = new ImapFlow({
    host: server.host, port: server.port, secure: false, doSTARTTLS: false,
    auth: { user: server.user, pass: server.password }, logger: false,
  });
  client.on('error', () => undefined);
  await client.connect();
  return {
    client,
    async append(source: string | Buffer, mailbox = 'INBOX'): Promise<void> {
      await client.append(mailbox, source);
    },
    close: () => client.logout().catch(() => client.close()),
  };
}
