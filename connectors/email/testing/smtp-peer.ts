// Test helper: an smtp-server on a loopback port, plain or TLS, that captures what it receives and can fail the next RCPT.
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
  envelope: { from: string; to: string[] };
  raw: string;
  parsed: ParsedMail;
  /** Whether the session was encrypted (implicit TLS or after STARTTLS) when the mail came in. */
  secure: boolean;
}

export interface SmtpPeer {
  host: string;
  port: number;
  received: CapturedMail[];
  /** The next RCPT TO is answered with this SMTP reply code (451 temporary, 550 permanent). */
  failNextRcpt(responseCode: number, message?: string): void;
  /** Mail to a recipient `held` matches is taken in but not acknowledged (DATA unanswered) until the returned release is called. */
  hold(held: (recipient: string) => boolean): () => void;
  /** Resolves once `count` messages have been received. */
  waitFor(count: number, timeoutMs?: number): Promise<CapturedMail[]>;
  close(): Promise<void>;
}

export interface SmtpPeerOptions {
  user?: string;
  password?: string;
  /**
   * Serve TLS with this certificate: from the first byte when `secure`, else through STARTTLS, offered
   * and required before AUTH. Without it the peer is plain text and the connector needs `allowInsecure`.
   */
  tls?: { cert: string; key: string; secure: boolean };
}

function tlsOptions(options: SmtpPeerOptions) {
  const { user, tls } = options;
  if (!tls) return { disabledCommands: user ? ['STARTTLS'] : ['STARTTLS', 'AUTH'], allowInsecureAuth: true };
  return { secure: tls.secure, cert: tls.cert, key: tls.key, disabledCommands: user ? [] : ['AUTH'], allowInsecureAuth: false };
}

export async function startSmtpPeer(options: SmtpPeerOptions = {}): Promise<SmtpPeer> {
  const received: CapturedMail[] = [];
  let nextFailure: { responseCode: number; message: string } | undefined;
  const holds = new Set<{ held: (recipient: string) => boolean; released: Promise<void> }>();
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    ...tlsOptions(options),
    authOptional: !options.user,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === options.user && auth.password === options.password) return callback(null, { user: auth.username });
      callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(_address, _session, callback) {
      const failure = nextFailure;
      nextFailure = undefined;
      if (failure) return callback(Object.assign(new Error(failure.message), { responseCode: failure.responseCode }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks);
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        for (const hold of holds) if (envelope.to.some(hold.held)) await hold.released;
        received.push({ envelope, raw: raw.toString('utf8'), parsed: await simpleParser(raw), secure: session.secure });
        for (const wake of waiters) wake();
        callback();
      });
    },
  });
  // A client that rejects our certificate hangs up mid-handshake; that is the test's point, not a peer failure.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    host: '127.0.0.1',
    port,
    received,
    failNextRcpt(responseCode, message = responseCode >= 500 ? '5.1.1 User unknown' : '4.3.0 Try again later') {
      nextFailure = { responseCode, message };
    },
    hold(held) {
      let release!: () => void;
      const hold = { held, released: new Promise<void>((resolve) => (release = resolve)) };
      holds.add(hold);
      return () => {
        holds.delete(hold);
        release();
      };
    },
    waitFor(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (received.length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(received);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`only ${received.length}/${count} mails arrived`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The `POST /api/channels` body of an email channel that only sends, through this peer: its mailbox side points at a closed port and polls rarely. */
export function sendOnlyChannelBody(peer: Pick<SmtpPeer, 'host' | 'port'>, name = 'News', fromAddress = 'news@shop.example') {
  return {
    kind: 'email',
    name,
    config: {
      imap: { host: '127.0.0.1', port: 1, secure: false, allowInsecure: true, user: 'x', password: 'x', pollIntervalMs: 600_000 },
      smtp: { host: peer.host, port: peer.port, secure: false, allowInsecure: true },
      fromAddress,
    },
  };
}
