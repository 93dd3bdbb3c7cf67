// Builds a ChannelContext for connector tests: in-memory sink and state, a movable clock, recorded health.
import type { ChannelContext, ChannelHealth, ChannelKind, InboundSink } from '../channel.ts';
import { MemorySink, MemoryState } from './memory-sink.ts';
import { parseAllowList, safeFetch, type EgressPolicy } from '../../server/egress/index.ts';

/** The server's egress policy as tests run it: receivers listen on loopback, which the admin allow-list lets through. */
export const LOOPBACK_ALLOWED: EgressPolicy = { allow: parseAllowList('127.0.0.1/32,::1/128') };

export interface TestContext<Config> extends ChannelContext<Config> {
  healthLog: Array<Partial<ChannelHealth>>;
  /** Moves the injected clock. */
  advance(ms: number): void;
  abort(): void;
}

export function makeChannelContext<Config>(
  kind: ChannelKind,
  config: Config,
  options: { sink?: InboundSink; state?: MemoryState; publicUrl?: string; channelId?: string; egress?: EgressPolicy } = {},
): TestContext<Config> {
  const controller = new AbortController();
  const healthLog: Array<Partial<ChannelHealth>> = [];
  let now = Date.parse('2026-03-01T09:00:00Z');
  const quiet = () => {};
  return {
    channel: { id: options.channelId ?? 'ch_1', kind, name: `${kind} test`, config: config as Record<string, unknown> },
    config,
    publicUrl: options.publicUrl ?? 'https://ulak.example.com',
    sink: options.sink ?? new MemorySink(),
    state: options.state ?? new MemoryState(),
    health: (update) => healthLog.push(update),
    log: { info: quiet, warn: quiet, error: quiet },
    signal: controller.signal,
    now: () => new Date(now),
    webhookFetch: (url, init) => safeFetch(url, init, options.egress ?? LOOPBACK_ALLOWED),
    healthLog,
    advance: (ms) => {
      now += ms;
    },
    abort: () => controller.abort(),
  };
}

/** Polls until `check` passes (connector loops run on their own schedule). */
export async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('waitFor: condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
