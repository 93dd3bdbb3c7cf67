import { describe, expect, it } from 'vitest';
import type { Api, BulkRequest, BulkResult } from '../api';
import { BulkSelection } from './bulk-selection.svelte';

const order = ['a', 'b', 'c', 'd', 'e'];

function recordingApi(result: BulkResult) {
  const sent: BulkRequest[] = [];
  const api = { bulk: { run: async (request: BulkRequest) => (sent.push(request), result) } } as unknown as Api;
  return { api, sent };
}

describe('BulkSelection', () => {
  const none = recordingApi({ updated: 0, ids: [], previous: [] }).api;

  it('picks single rows, and with shift everything between the last click and this one', () => {
    const selection = new BulkSelection(none);
    selection.toggle('b', false, order);
    selection.toggle('d', true, order);
    expect(selection.ids).toEqual(['b', 'c', 'd']);
    expect(selection.count).toBe(3);
    // A shift-click on a picked row unpicks the range back to it.
    selection.toggle('c', true, order);
    expect(selection.ids).toEqual(['b']);
  });

  it('sends ids, or the filter once "all in this view" is chosen, then clears', async () => {
    const previous = [{ id: 'a', status: 'open' as const, snoozedUntil: null, assigneeId: null, labels: [] }];
    const { api, sent } = recordingApi({ updated: 1, ids: ['a'], previous });
    const selection = new BulkSelection(api);
    selection.toggle('a', false, order);
    await selection.apply({ type: 'resolve' }, { status: 'open' });
    selection.selectAllMatching();
    expect(selection.has('zzz')).toBe(true);
    const result = await selection.apply({ type: 'label', add: ['vip'] }, { status: 'open', label: 'billing' });
    expect(selection.active).toBe(false);
    await selection.restore(result);
    expect(sent).toEqual([
      { ids: ['a'], action: { type: 'resolve' } },
      { filter: { status: 'open', label: 'billing' }, action: { type: 'label', add: ['vip'] } },
      { action: { type: 'restore', previous } },
    ]);
  });

  it('leaves "all in this view" for the loaded rows minus the one unticked', () => {
    const selection = new BulkSelection(none);
    selection.selectAllMatching();
    selection.toggle('c', false, order);
    expect(selection.allMatching).toBe(false);
    expect(selection.ids).toEqual(['a', 'b', 'd', 'e']);
  });
});
