import { describe, expect, it } from 'vitest';
import { medianAndP90, ReportsState, toCsv, volumeByChannel } from './reports.svelte';
import { fakeServer } from '../../test/fake-server';

describe('reports', () => {
  it('writes CSV that survives commas, quotes and line breaks', () => {
    expect(
      toCsv([
        ['name', 'note'],
        ['Yılmaz, Ayşe', 'said "hi"\nthen left'],
        [null, 3],
      ]),
    ).toBe('name,note\r\n"Yılmaz, Ayşe","said ""hi""\nthen left"\r\n,3\r\n');
  });

  it('turns per-channel volume into one series per channel over the same days, zero where a channel had none', () => {
    expect(
      volumeByChannel([
        { at: '2026-01-02', value: 1, channel: 'sms' },
        { at: '2026-01-01', value: 2, channel: 'email' },
        { at: '2026-01-02', value: 4, channel: 'email' },
      ]),
    ).toEqual({
      at: ['2026-01-01', '2026-01-02'],
      series: [
        { label: 'email', values: [2, 4] },
        { label: 'sms', values: [0, 1] },
      ],
    });
  });

  it('leaves a gap, not 0 s, on a day with no conversation measured', () => {
    const { series } = medianAndP90(
      [
        { at: '2026-01-01', value: 90, p90: 114, count: 2 },
        { at: '2026-01-02', value: 0, p90: 0, count: 0 },
      ],
      { median: 'Median', p90: 'p90' },
    );
    expect(series.map((s) => s.values)).toEqual([
      [90, null],
      [114, null],
    ]);
  });

  it('draws response times as a median and a dashed 90th-percentile series', () => {
    expect(
      medianAndP90(
        [
          { at: '2026-01-02', value: 300, p90: 600 },
          { at: '2026-01-01', value: 90, p90: 114 },
        ],
        { median: 'Median', p90: 'p90' },
      ),
    ).toEqual({
      at: ['2026-01-01', '2026-01-02'],
      series: [
        { label: 'Median', values: [90, 300] },
        { label: 'p90', values: [114, 600], dashed: true },
      ],
    });
  });

  it('asks for whole days in the chosen range, from local midnight to local midnight, and exports the series shown', async () => {
    const server = fakeServer({
      'GET /api/workspace': () => ({ name: 'Ulak', timeZone: 'Europe/Istanbul', defaultRegion: 'TR' }),
      'GET /api/reports/overview': () => ({
        volumeByChannel: { email: 3 },
        firstResponse: { medianSec: 60, p90Sec: 600 },
        resolution: { medianSec: null, p90Sec: null },
        csat: { avg: 4.5, count: 2 },
        nps: { score: 40, count: 5 },
        complaints: 1,
        slaBreaches: 0,
        perAgent: [],
        perTeam: [],
      }),
      'GET /api/reports/timeseries': (r) => ({ points: r.query.get('metric') === 'volume' ? [{ at: '2026-03-01T00:00:00Z', value: 3, channel: 'email' }] : [] }),
    });
    const reports = new ReportsState(server.api);
    reports.from = '2026-03-01';
    reports.to = '2026-03-07';
    await reports.load();
    const overview = server.calls.find((c) => c.path === '/api/reports/overview')!;
    // 1 March 00:00 to 8 March 00:00 in Istanbul (UTC+3).
    expect(overview.query.get('from')).toBe('2026-02-28T21:00:00.000Z');
    expect(overview.query.get('to')).toBe('2026-03-07T21:00:00.000Z');
    expect(reports.overview?.csat.avg).toBe(4.5);
    expect(reports.csv()).toBe('metric,at,channel,value\r\nvolume,2026-03-01T00:00:00Z,email,3\r\n');
  });

  it('defaults to the last 30 days ending today in the workspace zone, not in UTC', async () => {
    // 22:30 UTC on 1 December is already 2 December in Istanbul.
    const server = fakeServer({
      'GET /api/workspace': () => ({ name: 'Ulak', timeZone: 'Europe/Istanbul', defaultRegion: 'TR' }),
      'GET /api/reports/overview': () => ({
        volumeByChannel: {},
        firstResponse: { medianSec: null, p90Sec: null },
        resolution: { medianSec: null, p90Sec: null },
        csat: { avg: null, count: 0 },
        nps: { score: null, count: 0 },
        complaints: 0,
        slaBreaches: 0,
        perAgent: [],
        perTeam: [],
      }),
      'GET /api/reports/timeseries': () => ({ points: [] }),
    });
    const reports = new ReportsState(server.api, { now: () => Date.parse('2026-12-01T22:30:00Z') });
    await reports.load();
    expect(reports.timeZone).toBe('Europe/Istanbul');
    expect([reports.from, reports.to]).toEqual(['2026-11-03', '2026-12-02']);
    const series = server.calls.find((c) => c.path === '/api/reports/timeseries')!;
    expect(series.query.get('from')).toBe('2026-11-02T21:00:00.000Z');
    expect(series.query.get('to')).toBe('2026-12-02T21:00:00.000Z');
  });

  it('starts days at local midnight across a daylight-saving change', async () => {
    const server = fakeServer({ 'GET /api/workspace': () => ({ name: 'Ulak', timeZone: 'America/New_York', defaultRegion: 'US' }) });
    const reports = new ReportsState(server.api, { now: () => Date.parse('2026-03-09T12:00:00Z') });
    await reports.load();
    reports.from = '2026-03-07';
    reports.to = '2026-03-08';
    expect(reports.range).toEqual({ from: '2026-03-07T05:00:00.000Z', to: '2026-03-09T04:00:00.000Z' });
  });

  it('says "not available" when the server has no reports yet', async () => {
    const reports = new ReportsState(fakeServer({}).api);
    await reports.load();
    expect(reports.unavailable).toBe(true);
    expect(reports.error).toBeNull();
  });
});
