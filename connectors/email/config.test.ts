import { describe, expect, it } from 'vitest';
import { emailDriver } from './email-channel.ts';

const valid = {
  imap: { host: 'imap.shop.example', port: 993, secure: true, user: 'support@shop.example', password: 's3cret' },
  smtp: { host: 'smtp.shop.example', port: '587', secure: false },
  fromAddress: 'support@shop.example',
};

describe('emailDriver config', () => {
  it('is a pulling email driver whose passwords and DKIM key are secret', () => {
    expect(emailDriver).toMatchObject({ kind: 'email', pulls: true, secretFields: ['imap.password', 'smtp.password', 'dkim.privateKey'] });
  });

  it('fills in the INBOX mailbox and the 25 MiB attachment limit', () => {
    const config = emailDriver.configSchema.parse(valid);
    expect(config.imap.mailbox).toBe('INBOX');
    expect(config.smtp.port).toBe(587);
    expect(config.maxAttachmentBytes).toBe(25 * 1024 * 1024);
  });

  it('names the bad field of an invalid config', () => {
    const result = emailDriver.configSchema.safeParse({ ...valid, fromAddress: 'not-an-address', imap: { ...valid.imap, port: 0 } });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['fromAddress', 'imap.port']);
  });

  it('keeps a PEM CA certificate per server and names a value that is not one', () => {
    const ca = '-----BEGIN CERTIFICATE-----\nMIIBfTCCASOgAwIBAgIU\n-----END CERTIFICATE-----';
    const config = emailDriver.configSchema.parse({ ...valid, imap: { ...valid.imap, caCertificate: `\n${ca}\n` }, smtp: { ...valid.smtp, caCertificate: ca } });
    expect(config.imap.caCertificate).toBe(ca);
    expect(config.smtp.caCertificate).toBe(ca);
    const result = emailDriver.configSchema.safeParse({ ...valid, smtp: { ...valid.smtp, caCertificate: 'my-ca.pem' } });
    expect(result.error!.issues).toEqual([expect.objectContaining({ path: ['smtp', 'caCertificate'], message: expect.stringMatching(/PEM certificate/) })]);
  });

  it('refuses to create a channel from an invalid config with a CONFIG error', () => {
    const create = () => emailDriver.create({ config: { ...valid, smtp: undefined } } as never);
    expect(create).toThrow(expect.objectContaining({ code: 'CONFIG', message: expect.stringContaining('smtp') }));
  });
});
