// Test wiring for the WhatsApp channel: fake socket, memory sink/state, hand-stepped timers and clock.
import type { WAMessage } from '@whiskeysockets/baileys';
import type { ChannelContext, ChannelHealth, InboundSink, InboundSpool } from '../../channel.ts';
import { MemorySink, MemoryState } from '../../testing/memory-sink.ts';
import { whatsappConfigSchema, type WhatsAppConfig } from '../config.ts';
import type { PacerClock } from '../send-pacer.ts';
import type { Schedule } from '../socket-supervisor.ts';
import { WhatsAppChannel } from '../whatsapp-channel.ts';
import { fakeSocketFactory } from './fake-socket.ts';

/** Timers that fire only when the test says so. */
export class ManualSchedule {
  readonly pending: Array<{ fn: () => void; ms: number; cancelled: boolean }> = [];
  readonly schedule: Schedule = (fn, ms) => {
    const task = { fn, ms, cancelled: false };
    this.pending.push(task);
    return () => void (task.cancelled = true);
  };
  live() {
    return this.pending.filter((t) => !t.cancelled);
  }
  /** Fires every live timer, then lets the work they started (an async reconnect) settle. */
  async runAll() {
    const due = this.live();
    this.pending.length = 0;
    for (const task of due) task.fn();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

/** A clock that stands still; each sleep resolves at once and records the time the caller would wake at. */
export class StillClock implements PacerClock {
  t = 0;
  readonly wakeAt: number[] = [];
  now = () => this.t;
  sleep = async (ms: number) => {
    this.wakeAt.push(this.t + ms);
  };
}

export interface HarnessOptions<Sink extends InboundSink> {
  sink?: Sink;
  state?: MemoryState;
  spool?: InboundSpool;
}

/** A channel context over memory sink and state that records health updates. */
export function testContext<Sink extends InboundSink = MemorySink>(config: Partial<WhatsAppConfig> = {}, options: HarnessOptions<Sink> = {}) {
  const sink = options.sink ?? (new MemorySink() as InboundSink as Sink);
  const state = options.state ?? new MemoryState();
  const health: Array<Partial<ChannelHealth>> = [];
  const abort = new AbortController();
  const ctx: ChannelContext<WhatsAppConfig> = {
    channel: { id: 'ch-wa', kind: 'whatsapp', name: 'WhatsApp', config: {} },
    config: whatsappConfigSchema.parse(config),
    publicUrl: 'http://127.0.0.1:3000',
    sink,
    state,
    health: (update) => void health.push(update),
    log: { info() {}, warn() {}, error() {} },
    signal: abort.signal,
    now: () => new Date('2026-03-01T10:00:00Z'),
    webhookFetch: () => Promise.reject(new Error('WhatsApp calls no user-typed address')),
    ...(options.spool ? { spool: options.spool } : {}),
  };
  const lastHealth = () => Object.assign({}, ...health) as Partial<ChannelHealth>;
  return { ctx, sink, state, health, lastHealth, abort };
}

/** The channel over a fake socket, with hand-stepped timers and a still clock. */
export function makeWhatsApp<Sink extends InboundSink = MemorySink>(config: Partial<WhatsAppConfig> = {}, options: HarnessOptions<Sink> = {}) {
  const context = testContext(config, options);
  const sockets = fakeSocketFactory();
  const timers = new ManualSchedule();
  const clock = new StillClock();
  const downloads: WAMessage[] = [];
  /** Downloads of these message ids throw this error (a Boom with `output.statusCode` is how Baileys fails). */
  const failingDownloads = new Map<string, Error>();
  const channel = new WhatsAppChannel(context.ctx, {
    makeSocket: sockets.makeSocket,
    downloadMedia: async (message) => {
      downloads.push(message);
      if (message.message?.documentMessage?.fileName === 'expired.pdf') throw new Error('media expired');
      const failure = failingDownloads.get(message.key.id ?? '');
      if (failure) throw failure;
      return new TextEncoder().encode(`bytes of ${message.key.id}`);
    },
    schedule: timers.schedule,
    backoff: (attempt) => 1000 * 2 ** attempt,
    pacerClock: clock,
    resolveVersion: async () => [2, 3000, 1020304050],
  });
  return { ...context, channel, sockets, timers, clock, downloads, failingDownloads };
}

/** The channel started, its socket open. */
export async function connectedWhatsApp<Sink extends InboundSink = MemorySink>(config: Partial<WhatsAppConfig> = {}, options: HarnessOptions<Sink> = {}) {
  const wa = makeWhatsApp(config, options);
  await wa.channel.start();
  wa.sockets.latest().open();
  return wa;
}

/** A live `messages.upsert` payload message from a customer, in Baileys' shape. */
export function customerMessage(id: string, message: WAMessage['message'], key: Partial<WAMessage['key']> = {}): WAMessage {
  return {
    key: { remoteJid: '905321234567@s.whatsapp.net', fromMe: false, id, ...key },
    message,
    messageTimestamp: 1772359200,
    pushName: 'Ayşe',
  };
}
