// Builds a ChannelContext for connector tests, backed by in-memory sink and state.
import type { ChannelContext, ChannelHealth, ChannelKind, InboundSink } from '../channel.ts';
import { MemorySink, MemoryState } from './memory-sink.ts';

export function testContext<C>(kind: ChannelKind, config: C, overrides: Partial<ChannelContext<C>> & { sink?: InboundSink } = {}) {
  const healthLog: Array<Partial<ChannelHealth>> = [];
  const controller = new AbortController();
  const ctx: ChannelContext<C> = {
    channel: { id: '00000000-0000-4000-8000-000000000001', kind, name: `${kind} test`, config: {} },
    config,
    publicUrl: 'https://ulak.example.test',
    sink: overrides.sink ?? new MemorySink(),
    state: new MemoryState(),
    health: (h) => healthLog.push(h),
    log: { info() {}, warn() {}, error() {} },
    signal: controller.signal,
    now: () => new Date(),
    ...overrides,
  };
  return { ctx, healthLog, abort: () => controller.abort() };
}
