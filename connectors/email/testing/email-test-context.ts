// Test helper: a ChannelContext for the email channel on the test peers, with a sink that commits checkpoints to state.
import type { ChannelContext, ChannelHealth, ChannelStateStore, InboundSink } from '../../channel.ts';
import { CommittingSink as BaseCommittingSink } from '../../testing/committing-sink.ts';
import { emailConfigSchema, type EmailConfig } from '../config.ts';
import type { DovecotServer } from './dovecot.ts';
import { eventually } from './eventually.ts';
import type { SmtpPeer } from './smtp-peer.ts';

/** Like the ingest service: the checkpoint lands in the channel state together with the message. */
export class CommittingSink extends BaseCommittingSink {
  until(predicate: (sink: this) => boolean, timeoutMs = 20_000): Promise<void> {
    return eventually(
      () => predicate(this),
      timeoutMs,
      () => `the sink (${this.messages.length} messages, ${this.calls.length} calls)`,
    );
  }
}

export function emailTestConfig(
  imap: Pick<DovecotServer, 'host' | 'port' | 'user' | 'password'>,
  smtp: Pick<SmtpPeer, 'host' | 'port'>,
  extra: Partial<EmailConfig> = {},
  imapExtra: Partial<EmailConfig['imap']> = {},
): EmailConfig {
  return emailConfigSchema.parse({
    imap: { host: imap.host, port: imap.port, secure: false, allowInsecure: true, user: imap.user, password: imap.password, pollIntervalMs: 500, ...imapExtra },
    smtp: { host: smtp.host, port: smtp.port, secure: false, allowInsecure: true },
    fromAddress: 'support@shop.example',
    fromName: 'Shop Support',
    ...extra,
  });
}

export function emailTestContext(config: EmailConfig, sink: InboundSink, state: ChannelStateStore, signal = new AbortController().signal) {
  const health: Array<Partial<ChannelHealth>> = [];
  const quiet = () => undefined;
  const ctx: ChannelContext<EmailConfig> = {
    channel: { id: 'ch-email', kind: 'email', name: 'Support mailbox', config: {} },
    config,
    publicUrl: 'http://127.0.0.1',
    sink,
    state,
    health: (update) => health.push(update),
    log: { info: quiet, warn: quiet, error: quiet },
    signal,
    now: () => new Date(),
    webhookFetch: () => Promise.reject(new Error('email calls no user-typed address')),
  };
  return { ctx, health };
}
