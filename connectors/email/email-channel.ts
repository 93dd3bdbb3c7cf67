// The email Channel: IMAP inbox loop in, pooled SMTP out, and a connectivity self-test.
import { z } from 'zod';
import { ChannelError, type Channel, type ChannelContext, type ChannelDriver } from '../channel.ts';
import type { BackoffPolicy } from './backoff.ts';
import { checkConnectivity } from './check-connectivity.ts';
import { emailConfigSchema, emailSecretFields, type EmailConfig } from './config.ts';
import { ImapInbox } from './imap-inbox.ts';
import { parseEmail } from './parse-email.ts';
import { simplifyEmail } from './simplify-email.ts';
import { SmtpSender } from './smtp-sender.ts';

/** Knobs tests turn down; production uses the defaults. */
export interface EmailTuning {
  backoff?: BackoffPolicy;
  idleResyncMs?: number;
  maxMessageBytes?: number;
  /** Ingest failures of one message before it is imported simplified (and skipped if that fails too). */
  poisonAttempts?: number;
}

/** Whole messages up to this are fetched; beyond it only the head, so one huge mail cannot exhaust memory. */
export function defaultMaxMessageBytes(maxAttachmentBytes: number): number {
  return Math.max(100 * 1024 * 1024, 4 * maxAttachmentBytes);
}

/** The runtime hands a parsed config; parsing again is idempotent and guarantees the defaults. */
function readConfig(raw: unknown): EmailConfig {
  const result = emailConfigSchema.safeParse(raw);
  if (!result.success) throw new ChannelError('CONFIG', `invalid email channel config: ${z.prettifyError(result.error)}`);
  return result.data;
}

export function createEmailChannel(ctx: ChannelContext<EmailConfig>, tuning: EmailTuning = {}): Channel {
  const config = readConfig(ctx.config);
  const parseOptions = { fromAddress: config.fromAddress, maxAttachmentBytes: config.maxAttachmentBytes, now: ctx.now };
  const inbox = new ImapInbox({
    config: config.imap,
    ctx,
    parse: ({ source, truncatedFrom }) => parseEmail(source, { ...parseOptions, truncatedFrom }),
    simplify: ({ source }, error) => simplifyEmail(source, parseOptions, error),
    poisonAttempts: tuning.poisonAttempts,
    maxMessageBytes: tuning.maxMessageBytes ?? defaultMaxMessageBytes(config.maxAttachmentBytes),
    backoff: tuning.backoff,
    idleResyncMs: tuning.idleResyncMs,
  });
  let sender: SmtpSender | undefined;
  const smtp = () => (sender ??= new SmtpSender(config, ctx));
  return {
    start: () => inbox.start(),
    async stop() {
      await inbox.stop();
      sender?.close();
    },
    send: (message) => smtp().send(message),
    test: () => checkConnectivity(config),
  };
}

export const emailDriver: ChannelDriver<EmailConfig> = {
  kind: 'email',
  configSchema: emailConfigSchema,
  secretFields: emailSecretFields,
  pulls: true,
  create: (ctx) => createEmailChannel(ctx),
};
