// Builds an ImapFlow client from channel config: TLS, STARTTLS upgrade, or plain only when explicitly allowed.
import { isIP } from 'node:net';
import { ImapFlow } from 'imapflow';
import type { ImapConfig } from './config.ts';
import { describeTlsError } from './describe-tls-error.ts';

/** Used for implicit TLS and the STARTTLS upgrade alike; given a CA, TLS trusts it instead of the public roots. */
export function imapTlsOptions(host: string, caCertificate?: string) {
  return {
    // imapflow passes `servername: false` for an IP host (no SNI for IPs), which Bun's TLS refuses outright;
    // left unset, the certificate is still checked against the IP itself.
    ...(isIP(host) ? { servername: undefined } : {}),
    ...(caCertificate ? { ca: caCertificate } : {}),
  };
}

export function createImapClient(config: ImapConfig): ImapFlow {
  return new ImapFlow({
    host: config.host,
    port: config.port,
    secure: config.secure,
    // secure:false → STARTTLS is required unless plain text was allowed; then it is still used when offered.
    doSTARTTLS: config.secure ? undefined : config.allowInsecure ? undefined : true,
    auth: { user: config.user, pass: config.password },
    tls: imapTlsOptions(config.host, config.caCertificate),
    logger: false,
    // The inbox loop decides when to IDLE; imapflow's own auto-IDLE would race its commands.
    disableAutoIdle: true,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
  });
}

/** imapflow says "Command failed"; the server's own words, the auth flag or the TLS failure are what an operator needs. */
export function describeImapError(error: unknown): string {
  const tls = describeTlsError(error);
  if (tls) return tls;
  const e = error as { message?: string; responseText?: string; authenticationFailed?: boolean; code?: string };
  const text = e?.responseText || e?.message || String(error);
  return e?.authenticationFailed ? `authentication failed: ${text}` : text;
}
