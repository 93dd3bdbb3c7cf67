// Outbound mail over one pooled SMTP transport per channel, with a copy appended to the Sent mailbox.
import nodemailer, { type Transporter } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { ChannelContext, OutboundMessage, SendResult } from '../channel.ts';
import { buildOutboundMail } from './build-outbound-mail.ts';
import type { EmailConfig, SmtpConfig } from './config.ts';
import { createImapClient } from './imap-client.ts';
import { mapSmtpError } from './map-smtp-error.ts';

/**
 * The headers DKIM signs: nodemailer's default list (RFC 4871 §5.5) and `List-Unsubscribe-Post`, which RFC 8058 §4
 * requires signed beside `List-Unsubscribe` for a mailbox provider to offer one-click unsubscribe.
 */
const DKIM_SIGNED_HEADERS = [
  'From:Sender:Reply-To:Subject:Date:Message-ID:To:Cc:MIME-Version:Content-Type:Content-Transfer-Encoding:Content-ID',
  'Content-Description:Resent-Date:Resent-From:Resent-Sender:Resent-To:Resent-Cc:Resent-Message-ID:In-Reply-To:References',
  'List-Id:List-Help:List-Unsubscribe:List-Unsubscribe-Post:List-Subscribe:List-Post:List-Owner:List-Archive:OTP-Token',
].join(':');

/** Pooled for sending (`pool`: at most that many connections); a one-off check uses a single connection so a refused port fails at once. */
export function createSmtpTransport(config: SmtpConfig, options: { pool: number | false; dkim?: EmailConfig['dkim'] }): Transporter {
  const { pool, dkim } = options;
  return nodemailer.createTransport({
    // No reconnect every 100 mails.
    ...(pool ? { pool: true, maxConnections: pool, maxMessages: 1_000 } : {}),
    host: config.host,
    port: config.port,
    secure: config.secure,
    // STARTTLS is upgraded to whenever offered; a server without it is acceptable only when allowed.
    requireTLS: !config.secure && !config.allowInsecure,
    auth: config.user ? { user: config.user, pass: config.password ?? '' } : undefined,
    ...(config.caCertificate ? { tls: { ca: config.caCertificate } } : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    ...(dkim ? { dkim: { ...dkim, headerFieldNames: DKIM_SIGNED_HEADERS } } : {}),
  });
}

/**
 * Two pools per channel, so an agent's reply never waits in line behind a campaign's mail: marketing gets enough
 * connections to keep a local relay busy; every other message (replies, service and workflow mail) has its own.
 */
const MARKETING_CONNECTIONS = 5;
const SERVICE_CONNECTIONS = 2;

export class SmtpSender {
  readonly #marketing: Transporter;
  #service: Transporter | undefined;
  #config: EmailConfig;
  #ctx: Pick<ChannelContext, 'log' | 'now'>;

  constructor(config: EmailConfig, ctx: Pick<ChannelContext, 'log' | 'now'>) {
    this.#config = config;
    this.#ctx = ctx;
    this.#marketing = createSmtpTransport(config.smtp, { pool: MARKETING_CONNECTIONS, dkim: config.dkim });
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    const mail = buildOutboundMail(message, this.#config, this.#ctx.now());
    try {
      await this.#transportFor(message).sendMail(mail);
    } catch (error) {
      throw mapSmtpError(error);
    }
    if (this.#config.sentMailbox) await this.#appendToSent(mail);
    return { externalId: String(mail.messageId), status: 'sent' };
  }

  /** The mail went out already; a failed copy to Sent is logged, never reported as a failed send. */
  async #appendToSent(mail: Parameters<Transporter['sendMail']>[0]): Promise<void> {
    const client = createImapClient(this.#config.imap);
    client.on('error', () => undefined);
    try {
      const source = await new MailComposer(mail).compile().build();
      await client.connect();
      await client.append(this.#config.sentMailbox!, source, ['\\Seen'], mail.date as Date);
      await client.logout();
    } catch (error) {
      this.#ctx.log.warn({ err: error, mailbox: this.#config.sentMailbox, messageId: mail.messageId }, 'email: could not append to the Sent mailbox');
      client.close();
    }
  }

  #transportFor(message: OutboundMessage): Transporter {
    if (message.purpose === 'marketing') return this.#marketing;
    this.#service ??= createSmtpTransport(this.#config.smtp, { pool: SERVICE_CONNECTIONS, dkim: this.#config.dkim });
    return this.#service;
  }

  close(): void {
    this.#marketing.close();
    this.#service?.close();
  }
}
