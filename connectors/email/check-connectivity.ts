// The channel's self-test: IMAP login, IMAP mailbox and SMTP checked separately, each failure named.
import type { TestReport } from '../channel.ts';
import type { EmailConfig } from './config.ts';
import { describeTlsError } from './describe-tls-error.ts';
import { createImapClient, describeImapError } from './imap-client.ts';
import { createSmtpTransport } from './smtp-sender.ts';

type Check = TestReport['checks'][number];

const smtpMessage = (error: unknown) => {
  const tls = describeTlsError(error);
  if (tls) return tls;
  const e = error as { message?: string; response?: string };
  return e?.response && e.message && !e.message.includes(e.response) ? `${e.message}: ${e.response}` : (e?.message ?? String(error));
};

async function checkImap(config: EmailConfig): Promise<Check[]> {
  const client = createImapClient(config.imap);
  client.on('error', () => undefined);
  const login: Check = { name: 'imap-login', ok: false };
  const mailbox: Check = { name: 'imap-mailbox', ok: false };
  try {
    await client.connect();
    login.ok = true;
  } catch (error) {
    login.message = `${config.imap.host}:${config.imap.port}: ${describeImapError(error)}`;
    mailbox.message = 'not checked: IMAP login failed';
    client.close();
    return [login, mailbox];
  }
  try {
    await client.mailboxOpen(config.imap.mailbox, { readOnly: true });
    mailbox.ok = true;
  } catch (error) {
    mailbox.message = `cannot open "${config.imap.mailbox}": ${describeImapError(error)}`;
  }
  await client.logout().catch(() => client.close());
  return [login, mailbox];
}

async function checkSmtp(config: EmailConfig): Promise<Check> {
  const transport = createSmtpTransport(config.smtp, { pool: false });
  try {
    await transport.verify();
    return { name: 'smtp', ok: true };
  } catch (error) {
    return { name: 'smtp', ok: false, message: `${config.smtp.host}:${config.smtp.port}: ${smtpMessage(error)}` };
  } finally {
    transport.close();
  }
}

export async function checkConnectivity(config: EmailConfig): Promise<TestReport> {
  const [imap, smtp] = await Promise.all([checkImap(config), checkSmtp(config)]);
  const checks = [...imap, smtp];
  return { ok: checks.every((c) => c.ok), checks };
}
