import { describe, expect, it } from 'vitest';
import { overviewCsv } from './export-csv.ts';
import type { Overview } from './overview.ts';

const overview: Overview = {
  volumeByChannel: { sms: 3, email: 2 },
  outboundByPurpose: { agent: 4, service: 1, marketing: 20 },
  firstResponse: { medianSec: 120, p90Sec: 264 },
  resolution: { medianSec: null, p90Sec: null },
  csat: { avg: null, count: 0 },
  nps: { score: null, count: 0 },
  complaints: 0,
  slaBreaches: 0,
  perAgent: [{ id: 'a1', name: 'Doğan, "Dodo"', repliesSent: 7, firstResponses: 2, firstResponse: { medianSec: 90, p90Sec: null }, resolved: 1 }],
  perTeam: [{ id: 't1', name: '=HYPERLINK("x")', conversations: 1, medianFirstResponseSec: 60, resolved: 0 }],
};
const range = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-08T00:00:00Z') };

describe('overviewCsv', () => {
  it('writes one row per channel, agent and team, quoting commas and quotes', () => {
    const lines = overviewCsv(overview, range).trim().split('\r\n');
    expect(lines[0]).toBe('dimension,id,name,inbound_messages,conversations,replies_sent,first_responses,median_first_response_sec,p90_first_response_sec,resolved');
    expect(lines).toContain('channel,sms,sms,3,,,,,,');
    expect(lines).toContain('agent,a1,"Doğan, ""Dodo""",,,7,2,90,,1');
    expect(lines.at(-1)).toBe('total,2026-03-01T00:00:00.000Z/2026-03-08T00:00:00.000Z,all,5,,,,120,264,');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(overviewCsv(overview, range)).toContain(`team,t1,"'=HYPERLINK(""x"")",,1,,,60,,0`);
  });
});
