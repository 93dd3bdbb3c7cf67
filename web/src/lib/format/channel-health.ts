// A channel's health in words for Settings. Channels that only receive pushes (API, Twilio SMS) run no poller, so
// the stored default state "stopped" on an active one means "ready, nothing arrived yet", not that it is down.
import type { I18n } from '../i18n';
import type { ChannelKind } from '../api/types';

const PUSH_KINDS: readonly ChannelKind[] = ['api', 'sms'];
const STATES = ['stopped', 'starting', 'connected', 'pairing', 'disconnected', 'error'] as const;
type State = (typeof STATES)[number];

interface ChannelLike {
  kind: ChannelKind;
  active?: boolean;
  health?: unknown;
}

/** The state and last error, translated; empty when the channel reports nothing. */
export function channelHealthText(i18n: Pick<I18n, 't'>, channel: ChannelLike): string {
  const health = channel.health as { state?: string; lastError?: string | { message?: string } } | null | undefined;
  if (!health || typeof health !== 'object') return '';
  const error = typeof health.lastError === 'string' ? health.lastError : health.lastError?.message;
  const state = STATES.includes(health.state as State) ? (health.state as State) : null;
  let words = '';
  if (state === 'stopped' && channel.active !== false && PUSH_KINDS.includes(channel.kind) && !error) words = i18n.t('settings.health.ready');
  else if (state) words = i18n.t(`settings.health.${state}`);
  return [words, error].filter(Boolean).join(' — ');
}

/** Which process runs the channel (`host#pid`), for operators with several workers; empty when none does. */
export function channelWorkerText(i18n: Pick<I18n, 't'>, channel: ChannelLike): string {
  const worker = (channel.health as { worker?: unknown } | null | undefined)?.worker;
  return typeof worker === 'string' && worker ? i18n.t('settings.health.worker', { worker }) : '';
}
