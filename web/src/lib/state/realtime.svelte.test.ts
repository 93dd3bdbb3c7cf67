import { afterEach, describe, expect, it, vi } from 'vitest';
import { Realtime } from './realtime.svelte';
import { FakeEventSource } from '../../test/render';

afterEach(() => vi.useRealTimers());

describe('Realtime', () => {
  it('passes each named event with its payload to the handler', () => {
    const seen: unknown[] = [];
    const source = new FakeEventSource();
    const realtime = new Realtime(
      (event) => seen.push(event),
      () => source,
    );
    realtime.start();
    source.onopen?.(new Event('open'));
    source.emit('message.updated', { type: 'message.updated', conversationId: 'c1', messageId: 'm1' });
    expect(realtime.connected).toBe(true);
    expect(seen).toEqual([{ type: 'message.updated', conversationId: 'c1', messageId: 'm1' }]);
  });

  it('reconnects after the server closed the stream and asks for a resync once back', () => {
    vi.useFakeTimers();
    const sources: FakeEventSource[] = [];
    let resyncs = 0;
    const realtime = new Realtime(
      () => {},
      () => {
        const s = new FakeEventSource();
        sources.push(s);
        return s;
      },
      () => resyncs++,
    );
    realtime.start();
    sources[0].onopen?.(new Event('open'));
    sources[0].readyState = 2;
    sources[0].onerror?.(new Event('error'));
    expect(realtime.connected).toBe(false);
    vi.advanceTimersByTime(1000);
    expect(sources).toHaveLength(2);
    expect(sources[0].closed).toBe(true);
    sources[1].onopen?.(new Event('open'));
    expect(realtime.connected).toBe(true);
    expect(resyncs).toBe(1);
  });

  it('resyncs when the browser itself restores a dropped stream', () => {
    let resyncs = 0;
    const source = new FakeEventSource();
    const realtime = new Realtime(
      () => {},
      () => source,
      () => resyncs++,
    );
    realtime.start();
    source.onopen?.(new Event('open'));
    source.onerror?.(new Event('error'));
    source.onopen?.(new Event('open'));
    expect(resyncs).toBe(1);
  });
});
