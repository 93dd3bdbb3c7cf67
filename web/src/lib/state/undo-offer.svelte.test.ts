import { afterEach, describe, expect, it, vi } from 'vitest';
import { UndoOffer } from './undo-offer.svelte';

describe('UndoOffer', () => {
  afterEach(() => vi.useRealTimers());

  it('keeps an offer for five seconds, then withdraws it without undoing', () => {
    vi.useFakeTimers();
    const offer = new UndoOffer();
    let undone = 0;
    offer.offer({ message: 'Resolved', undo: () => undone++ });
    vi.advanceTimersByTime(4999);
    expect(offer.current?.message).toBe('Resolved');
    vi.advanceTimersByTime(1);
    expect(offer.current).toBeNull();
    expect(undone).toBe(0);
  });

  it('undoes the latest action only, once', async () => {
    vi.useFakeTimers();
    const offer = new UndoOffer();
    const undone: string[] = [];
    offer.offer({ message: 'Resolved', undo: () => undone.push('resolve') });
    offer.offer({ message: 'Snoozed', undo: () => undone.push('snooze') });
    await offer.undo();
    await offer.undo();
    expect(undone).toEqual(['snooze']);
    expect(offer.current).toBeNull();
    // The first offer's timer was cleared with it: nothing fires later.
    vi.advanceTimersByTime(10_000);
    expect(undone).toEqual(['snooze']);
  });
});
