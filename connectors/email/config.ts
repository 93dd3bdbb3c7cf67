// The email channel's configuration: IMAP inbound, SMTP outbound, sender identity and limits.
import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);

/**
 * A private CA that signed the server's certificate (self-hosted servers with an internal CA).
 * Public material, so it stays in the config rather than among the encrypted secrets.
 */
const caCertificate = z
  .string()
  .trim()
  .refine((pem) => /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.test(pem), {
    message: 'must be a PEM certificate (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)',
  })
  .optional();

export const imapConfigSchema = z.object({
  host: z.string().min(1),
  port,
  secure: z.boolean(),
  user: z.string().min(1),
  password: z.string(),
  mailbox: z.string().min(1).default('INBOX'),
  /** Used only when the server lacks IDLE; with IDLE the connector waits for the server's signal. */
  pollIntervalMs: z.number().int().min(100).optional(),
  /** Permit a plain-text session when the server offers no STARTTLS (local test servers). */
  allowInsecure: z.boolean().optional(),
  caCertificate,
  /**
   * On the channel's first connection, import only mail that arrived in the last N days (0: only mail from now on).
   * Unset: the whole mailbox. Later connections always continue from the last imported message.
   */
  importDays: z.number().int().min(0).max(36_500).optional(),
});

export const smtpConfigSchema = z.object({
  host: z.string().min(1),
  port,
  secure: z.boolean(),
  user: z.string().min(1).optional(),
  password: z.string().optional(),
  allowInsecure: z.boolean().optional(),
  caCertificate,
});

export const DEFAULT_MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

export const emailConfigSchema = z.object({
  imap: imapConfigSchema,
  smtp: smtpConfigSchema,
  fromAddress: z.email(),
  fromName: z.string().optional(),
  sentMailbox: z.string().min(1).optional(),
  dkim: z.object({ domainName: z.string().min(1), keySelector: z.string().min(1), privateKey: z.string().min(1) }).optional(),
  maxAttachmentBytes: z.number().int().positive().default(DEFAULT_MAX_ATTACHMENT_BYTES),
});

export type EmailConfig = z.infer<typeof emailConfigSchema>;
export type ImapConfig = EmailConfig['imap'];
export type SmtpConfig = EmailConfig['smtp'];

export const emailSecretFields = ['imap.password', 'smtp.password', 'dkim.privateKey'];
