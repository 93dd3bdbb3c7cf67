// Builds an ImapFlow client from channel config: TLS, STARTTLS upgrade, or plain only when explicitly allowed.
import { ImapFlow } from 'imapflow';
import type { ImapConfig } from './config.ts';

export function createImapClient(config: ImapConfig): ImapFlow {
  return new ImapFlow({
    host: config.host,
    port: config.port,
    secure: config.secure,
    // secure:false → STARTTLS is required unless plain text was allowed; then it is still used when offered.
    doSTARTTLS: config.secure ? undefined : config.allowInsecure ? undefined : true,
    auth: { user: config.user, pass: config.password },
    logger: false,
    // The inbox loop decides when to IDLE; imapflow's own auto-IDLE would race its commands.
    disableAutoIdle: true,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
  });
}

/** imapflow says "Command failed"; the server's own words and the auth flag are what an operator needs. */
export function describeImapError(error: unknown): string {
  const e = error as { message?: string; responseText?: string; authenticationFailed?: boolean; code?: string };
  const text = e?.responseText || e?.message || String(error);
  return e?.authenticationFailed ? `authentication failed: ${text}` : text;
}
