// A birthday with a coupon: each customer gets their own code in the greeting, and the shop can list every code issued.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, drainOutbound, type Harness } from './engine-harness.ts';

describe('coupons issued by a workflow', () => {
  let h: Harness;
  let workflowId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    h = await createHarness('2026-05-19T10:00:00Z');
    ids.ayse = await h.contact('ayse', { name: 'Ayşe Yılmaz', birthday: '1990-05-20', timeZone: 'Europe/Istanbul', language: 'tr', currency: 'TRY' });
    ids.john = await h.contact('john', { name: 'John Smith', birthday: '05-20', timeZone: 'Europe/Istanbul', language: 'en', currency: 'USD' });
    workflowId = (await h.admin.ok('POST', '/api/workflows/presets/birthday', { withCoupon: true, coupon: { prefix: 'GIFT', amount: 100, validDays: 14 }, enabled: true })).id;
  });
  afterAll(() => h.close());

  it('puts a code of its own into each greeting and lists them all for the shop', async () => {
    h.setClock('2026-05-20T06:00:00Z');
    await h.tick();
    await h.tick(); // a second pass must not issue new codes
    await drainOutbound(h, 2);
    const { items } = await h.admin.ok('GET', `/api/workflows/${workflowId}/coupons`);
    expect(items).toHaveLength(2);
    const byContact = Object.fromEntries(items.map((c: any) => [c.contactId, c]));
    for (const [who, id] of [
      ['ayse', ids.ayse],
      ['john', ids.john],
    ] as const) {
      const coupon = byContact[id!];
      expect(coupon).toMatchObject({ code: expect.stringMatching(/^GIFT-[0-9A-HJKMNP-TV-Z]{8}$/), amount: 100, expiresAt: '2026-06-03T06:00:00.000Z' });
      const [greeting] = h.received(who);
      expect(greeting.text).toContain(coupon.code);
    }
    expect(byContact[ids.ayse!].code).not.toBe(byContact[ids.john!].code);
    expect(h.received('ayse')[0].text).toContain('İyi ki doğdunuz Ayşe');
    expect(h.received('john')[0].text).toMatch(/\$100\.00 off/);
  });

  it('exports the codes as CSV and shows a sample code in the preview', async () => {
    const res = await h.admin.raw('GET', `/api/workflows/${workflowId}/coupons?format=csv`);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe('code,amount,expires_at,contact_id,contact_name,issued_at,run_status');
    expect(lines).toHaveLength(3);
    // The preview walks the next 7 days' birthdays: Ayşe's and John's were today and are past.
    await h.contact('soon', { name: 'Soon', birthday: '05-22', timeZone: 'Europe/Istanbul' });
    const preview = await h.admin.ok('POST', `/api/workflows/${workflowId}/preview`, {});
    expect(preview.sample.name).toBe('Soon');
    expect(JSON.stringify(preview)).toContain('GIFT-00000000');
  });

  it('refuses a prefix a customer could not type back', async () => {
    expect((await h.admin.call('POST', '/api/workflows/presets/birthday', { withCoupon: true, coupon: { prefix: 'gift 10' } })).status).toBe(422);
  });
});
