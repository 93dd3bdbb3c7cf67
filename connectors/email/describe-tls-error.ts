// Puts a failed TLS certificate check into words an operator can act on; Node's codes alone say little to them.

/** No chain to a trusted root: a self-signed certificate, or a private CA we were not given. */
const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_CHAIN_TOO_LONG',
  'INVALID_CA',
]);
const OUT_OF_DATE = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
const WRONG_NAME = new Set(['ERR_TLS_CERT_ALTNAME_INVALID']);

/** nodemailer replaces a socket error's `code` with its own (ESOCKET) and keeps the original as `originalCode`. */
function tlsCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; originalCode?: unknown } | null;
  const codes = [e?.originalCode, e?.code].filter((c): c is string => typeof c === 'string');
  return codes.find((c) => UNTRUSTED.has(c) || OUT_OF_DATE.has(c) || WRONG_NAME.has(c));
}

/** A sentence for a certificate failure, or undefined when the error is about something else. */
export function describeTlsError(error: unknown): string | undefined {
  const code = tlsCode(error);
  if (!code) return undefined;
  const detail = (error as { message?: string }).message ?? code;
  if (UNTRUSTED.has(code)) {
    return `the server's TLS certificate is not trusted (${detail}); if the server uses a private CA, add that CA's certificate to the settings`;
  }
  if (OUT_OF_DATE.has(code)) return `the server's TLS certificate is expired or not yet valid (${detail})`;
  return `the server's TLS certificate is not for this host name (${detail}); connect by a name the certificate lists`;
}
