import { describe, expect, it } from 'vitest';
import type { InboundMessage } from './channel.ts';
import { deliverPage } from './deliver-page.ts';
import { MemorySink } from './testing/memory-sink.ts';

const mail = (n: number, bytes: number): InboundMessage => ({
  idempotencyKey: `m${n}`,
  from: { identities: [{ kind: 'email', value: 'ayse@customer.example' }] },
  text: `message ${n}`,
  sentAt: new Date('2026-03-01T09:00:00Z'),
  attachments: [{ filename: 'scan.pdf', contentType: 'application/pdf', size: bytes, content: new Uint8Array(bytes) }],
});

describe('delivering a pulled page', () => {
  it('commits a page whose attachments pass the memory bound in parts, each with its checkpoint, in order', async () => {
    const sink = new MemorySink();
    const delivered: number[] = [];
    await deliverPage(
      sink,
      [1, 2, 3, 4, 5],
      {
        prepare: async (n) => ({ message: mail(n, 400), checkpoint: { key: 'cursor', value: n } }),
        alone: () => Promise.reject(new Error('nothing is refused here')),
        delivered: (n) => delivered.push(n),
      },
      1_000,
    );
    // Held until 1,000 bytes were passed: three messages, then the other two.
    expect(sink.pages.map((page) => page.map((m) => m.idempotencyKey))).toEqual([
      ['m1', 'm2', 'm3'],
      ['m4', 'm5'],
    ]);
    expect(delivered).toEqual([1, 2, 3, 4, 5]);
    expect(sink.checkpoints.get('cursor')).toBe(5);
  });

  it('hands a source that cannot be read to the single-message way, and the rest of the page after it', async () => {
    const sink = new MemorySink();
    const order: string[] = [];
    await deliverPage(sink, [1, 2, 3], {
      prepare: async (n) => {
        if (n === 2) throw new Error('unparsable');
        return { message: mail(n, 10), checkpoint: { key: 'cursor', value: n } };
      },
      alone: async (n) => void order.push(`alone ${n}`),
      delivered: (n) => order.push(`delivered ${n}`),
    });
    expect(order).toEqual(['delivered 1', 'alone 2', 'delivered 2', 'delivered 3']);
    expect(sink.pages.map((page) => page.map((m) => m.idempotencyKey))).toEqual([['m1'], ['m3']]);
  });
});
