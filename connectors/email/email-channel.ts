// The email Channel: IMAP inbox loop in, pooled SMTP out, and a connectivity self-test.
import { z } from 'zod';
import { ChannelError, type Channel, type ChannelContext, type ChannelDriver } from '../channel.ts';
import type { BackoffPolicy } from './backoff.ts';
import { checkConnectivity } from './check-connectivity.ts';
import { emailConfigSchema, emailSecretFields, type EmailConfig } from './config.ts';
import { ImapInbox } from './imap-inbox.ts';
import { parseEmail } from './parse-email.ts';
import { SmtpSender } from './smtp-sender.ts';

/** Timing knobs tests turn down; production uses the defaults. */
export interface EmailTimings {
  backoff?: BackoffPolicy;
  idleResyncMs?: number;
}

/** The runtime hands a parsed config; parsing again is idempotent and guarantees the defaults. */
function readConfig(raw: unknown): EmailConfig {
  const result = emailConfigSchema.safeParse(raw);
  if (!result.success) throw new ChannelError('CONFIG', `invalid email channel config: ${z.prettifyError(result.error)}`);
  return result.data;
}

export function createEmailChannel(ctx: ChannelContext<EmailConfig>, timings: EmailTimings = {}): Channel {
  const config = readConfig(ctx.config);
  const inbox = new ImapInbox({
    config: config.imap,
    ctx,
    parse: (source) => parseEmail(source, { fromAddress: config.fromAddress, maxAttachmentBytes: config.maxAttachmentBytes, now: ctx.now }),
    ...timings,
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
