// Test helper: a second IMAP client that drops messages into the test mailbox, as an MTA would.
import { ImapFlow } from 'imapflow';
import { imapTlsOptions } from '../imap-client.ts';
import type { DovecotServer } from './dovecot.ts';

/** `ca`: the server requires TLS, so upgrade with STARTTLS trusting this CA. */
export async function openAppender(server: Pick<DovecotServer, 'host' | 'port' | 'user' | 'password'>, ca?: string) {
  const client = new ImapFlow({
    host: server.host,
    port: server.port,
    secure: false,
    doSTARTTLS: ca ? true : false,
    tls: imapTlsOptions(server.host, ca),
    auth: { user: server.user, pass: server.password },
    logger: false,
  });
  client.on('error', () => undefined);
  await client.connect();
  return {
    client,
    /** `arrivedAt` sets the message's arrival (INTERNALDATE), as for mail that has sat in the mailbox a while. */
    async append(source: string | Buffer, mailbox = 'INBOX', arrivedAt?: Date): Promise<void> {
      await client.append(mailbox, source, [], arrivedAt);
    },
    close: () => client.logout().catch(() => client.close()),
  };
}
