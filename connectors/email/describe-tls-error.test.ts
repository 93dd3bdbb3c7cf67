import { describe, expect, it } from 'vitest';
import { describeTlsError } from './describe-tls-error.ts';
import { describeImapError } from './imap-client.ts';
import { mapSmtpError } from './map-smtp-error.ts';

const socketError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('describeTlsError', () => {
  it.each(['SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'])(
    'says a %s certificate is not trusted and points at the CA setting',
    (code) => {
      expect(describeTlsError(socketError(code, 'self-signed certificate in certificate chain'))).toBe(
        "the server's TLS certificate is not trusted (self-signed certificate in certificate chain); if the server uses a private CA, add that CA's certificate to the settings",
      );
    },
  );

  it('names a host name mismatch and an expired certificate', () => {
    expect(describeTlsError(socketError('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"))).toMatch(/^the server's TLS certificate is not for this host name/);
    expect(describeTlsError(socketError('CERT_HAS_EXPIRED', 'certificate has expired'))).toBe("the server's TLS certificate is expired or not yet valid (certificate has expired)");
  });

  it('reads the code nodemailer moved to originalCode', () => {
    const wrapped = Object.assign(new Error('unable to verify the first certificate'), { code: 'ESOCKET', originalCode: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    expect(describeTlsError(wrapped)).toMatch(/not trusted/);
  });

  it('leaves other failures alone', () => {
    expect(describeTlsError(socketError('ECONNREFUSED', 'connect ECONNREFUSED'))).toBeUndefined();
    expect(describeTlsError('plain string')).toBeUndefined();
    expect(describeTlsError(undefined)).toBeUndefined();
  });

  it('is what the IMAP health and an SMTP send report', () => {
    const error = socketError('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain');
    expect(describeImapError(error)).toMatch(/^the server's TLS certificate is not trusted/);
    expect(mapSmtpError(Object.assign(error, { code: 'ESOCKET', originalCode: 'SELF_SIGNED_CERT_IN_CHAIN' }))).toMatchObject({
      code: 'CONFIG',
      retryable: false,
      message: expect.stringMatching(/not trusted/),
    });
  });
});
