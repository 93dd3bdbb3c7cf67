import { afterEach, describe, expect, it, vi } from 'vitest';
import { CampaignBoard } from './campaign-board.svelte';
import { campaign, fakeServer } from '../../test/fake-server';
import type { Campaign } from '../api';

afterEach(() => vi.useRealTimers());

const figures = (sent: number) => ({ total: 10, queued: 10 - sent, deferred: 0, sent, delivered: 0, failed: 0, bounced: 0, cancelled: 0, skipped: 0, skippedByReason: {}, replied: 0, optedOut: 0 });

describe('CampaignBoard', () => {
  it('follows a sending campaign until it completes, then stops asking', async () => {
    vi.useFakeTimers();
    let sent = 2;
    let status: Campaign['status'] = 'running';
    const server = fakeServer({
      'GET /api/campaigns': () => ({
        items: [{ id: 'k1', name: 'Sale', status }, campaign({ id: 'd1', name: 'Idea', status: 'draft' })],
      }),
      'GET /api/campaigns/k1/stats': () => figures(sent),
    });
    const board = new CampaignBoard(server.api);
    let campaigns: Campaign[] = [campaign({ id: 'k1', name: 'Sale', status: 'running' }), campaign({ id: 'd1', name: 'Idea', status: 'draft' })];
    const stop = board.watch(
      () => campaigns,
      (list) => (campaigns = list),
      1000,
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(board.stats.k1?.sent).toBe(2);
    expect(server.calls.some((c) => c.path === '/api/campaigns/d1/stats')).toBe(false); // drafts have no figures

    sent = 10;
    status = 'completed';
    await vi.advanceTimersByTimeAsync(1000);
    expect(campaigns[0]!.status).toBe('completed');
    expect(board.stats.k1?.sent).toBe(10);

    const before = server.calls.length;
    await vi.advanceTimersByTimeAsync(5000);
    expect(server.calls.length).toBe(before); // nothing live: no polling
    stop();
  });
});
