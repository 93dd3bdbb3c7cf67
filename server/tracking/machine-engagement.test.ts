import { describe, expect, it } from 'vitest';
import { isMachineEngagement, PREFETCH_SECONDS } from './machine-engagement.ts';

const sentAt = new Date('2026-06-15T10:00:00Z');
const after = (seconds: number) => new Date(sentAt.getTime() + seconds * 1000);
const SAFARI = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)';

describe('isMachineEngagement', () => {
  it("flags Apple Mail Privacy Protection's bare Mozilla/5.0, whenever it comes", () => {
    expect(isMachineEngagement({ userAgent: 'Mozilla/5.0', at: after(3_600), sentAt })).toBe(true);
  });

  it('flags no user agent and known scanners', () => {
    expect(isMachineEngagement({ userAgent: undefined, at: after(600), sentAt })).toBe(true);
    expect(isMachineEngagement({ userAgent: 'Barracuda Sentinel (EE)', at: after(600), sentAt })).toBe(true);
    expect(isMachineEngagement({ userAgent: 'Mozilla/5.0 (compatible; bingbot/2.0)', at: after(600), sentAt })).toBe(true);
  });

  it('counts a fetch within the prefetch window as a machine, and the same client later as a person', () => {
    expect(isMachineEngagement({ userAgent: SAFARI, at: after(PREFETCH_SECONDS - 1), sentAt })).toBe(true);
    expect(isMachineEngagement({ userAgent: SAFARI, at: after(PREFETCH_SECONDS), sentAt })).toBe(false);
  });

  it("counts Gmail's image proxy as a person, even right after sending", () => {
    expect(isMachineEngagement({ userAgent: 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)', at: after(1), sentAt })).toBe(false);
  });
});
