// Customer value end to end (#14): orders posted through the API, the Analytics screen's RFM grid with a cell's
// contacts, and the value panel with an order's items beside a buyer's conversation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { admin, buildWeb, hasChromium, launchChromium, root, shots, signIn, windowOverflow } from './support/browser';
import { startUlak, type UlakServer } from './support/ulak-server';
import { ApiSession, postSignedInbound } from './support/api-session';
import { blockingViolations } from './support/axe';
import { uiStrings, wrongLanguage } from './support/ui-strings';

beforeAll(() => {
  if (hasChromium) buildWeb();
});

describe.skipIf(!hasChromium)('analytics and the value panel in a real browser', () => {
  let server: UlakServer;
  let browser: Browser;
  let page: Page;
  let api: ApiSession;
  let conversationId: string;

  beforeAll(async () => {
    server = await startUlak(root);
    api = new ApiSession(server.url);
    await api.call('POST', '/api/setup', admin);
    const channel = await api.call('POST', '/api/channels', { kind: 'api', name: 'Mağaza API', config: {} });
    conversationId = (
      await postSignedInbound(server.url, channel.id, channel.secret, { externalId: 'm-1', from: { id: 'cust-1', name: 'Deniz Ak', email: 'deniz@example.com' }, text: 'Siparişim nerede?' })
    ).conversationId;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    await signIn(page, server.url);
    await page.getByRole('navigation', { name: 'Conversation views' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('says in words that there is nothing to show before any order', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Analytics' }).click();
    await page.getByText('No buyer has been scored yet.', { exact: false }).waitFor();
  });

  it('shows the RFM grid with non-zero cells once orders arrive, and a cell lists its contacts', async () => {
    const order = (externalId: string, email: string, name: string, placedAt: string, total: string, items: unknown[] = []) => ({
      externalId,
      contact: { email, name },
      placedAt,
      currency: 'TRY',
      total,
      items,
    });
    const result = await api.call('POST', '/api/orders', {
      orders: [
        order('o-1', 'mehmet@example.com', 'Mehmet Öz', '2026-01-10T10:00:00Z', '80.00'),
        order('o-2', 'selin@example.com', 'Selin Aydın', '2026-02-10T10:00:00Z', '120.00'),
        order('o-3', 'deniz@example.com', 'Deniz Ak', '2026-02-20T10:00:00Z', '60.00'),
        order('o-4', 'deniz@example.com', 'Deniz Ak', '2026-03-05T10:00:00Z', '240.00', [
          { sku: 'FNC-2', name: 'Kahve Fincanı', category: 'Mutfak', quantity: 2, unitPrice: '70.00' },
          { sku: 'DMG-1', name: 'Demlik', category: 'Mutfak', quantity: 1, unitPrice: '100.00' },
        ]),
      ],
    });
    expect(result).toMatchObject({ created: 4, updated: 0, rejected: [] });
    // The workspace pass is debounced (quiet for 10 s after the last change): wait for it, generously.
    await expect.poll(async () => (await api.call('GET', '/api/analytics/rfm')).contacts, { timeout: 90_000, interval: 1000 }).toBe(3);

    await page.reload();
    const grid = page.getByRole('table', { name: 'Recency × frequency' });
    await grid.waitFor();
    // n = 3: recency Mehmet < Selin < Deniz → 1, 2, 4; orders 1, 1, 2 → F 1, 1, 4.
    expect(await grid.locator('[data-rfm-cell="4-4"] strong').innerText()).toBe('1');
    expect(await grid.locator('[data-rfm-cell="1-1"] strong').innerText()).toBe('1');
    expect(await grid.locator('[data-rfm-cell="5-5"] strong').innerText()).toBe('0');
    await page.getByRole('table', { name: 'Segments' }).getByRole('row', { name: /Loyal/ }).getByText('1').waitFor();
    await page.screenshot({ path: `${shots}analytics-grid.png`, fullPage: true });

    await grid.locator('[data-rfm-cell="4-4"]').click();
    const list = page.getByRole('region', { name: 'Contacts with recency 4 and frequency 4' });
    await list.getByRole('link', { name: 'Deniz Ak' }).waitFor();
    expect(await list.getByRole('row').count()).toBe(2); // the header and Deniz
    await page.getByText('Monthly cohort retention', { exact: true }).first().waitFor();
    await page.getByText('No buyer is at churn risk.').waitFor();
    expect(await windowOverflow(page)).toBe(0);
  });

  it("shows a buyer's value and latest order items beside their conversation", async () => {
    await page.goto(`${server.url}/#/inbox/${conversationId}`);
    const panel = page.getByRole('region', { name: 'Customer value' });
    await panel.waitFor();
    await panel.getByText('2 × Kahve Fincanı').waitFor();
    await panel.getByText('Loyal').waitFor();
    const figures = (await panel.locator('dl').innerText()).replace(/\s+/g, ' ');
    expect(figures).toContain('Orders 2');
    expect(figures).toContain('Categories Mutfak');
    await page.screenshot({ path: `${shots}analytics-value-panel.png`, fullPage: true });
  });

  it('has no serious accessibility violations, and shows nothing English in Turkish', async () => {
    await page.goto(`${server.url}/#/analytics`);
    await page.locator('[data-rfm-cell="4-4"]').click();
    await page.getByRole('region', { name: 'Contacts with recency 4 and frequency 4' }).getByRole('link', { name: 'Deniz Ak' }).waitFor();
    expect(await blockingViolations(page)).toEqual([]);

    await api.call('PATCH', '/api/me', { locale: 'tr' });
    const seeded = [admin.name, admin.email, 'Deniz Ak', 'Mehmet Öz', 'Selin Aydın', 'deniz@example.com', 'Mağaza API', 'cust-1', 'Siparişim nerede?', 'Kahve Fincanı', 'Demlik', 'Mutfak'];
    for (const [hash, drawn] of [
      ['#/analytics', () => page.locator('[data-rfm-cell="4-4"]').waitFor()],
      [`#/inbox/${conversationId}`, () => page.getByRole('region', { name: 'Müşteri değeri' }).getByText('2 × Kahve Fincanı').waitFor()],
    ] as const) {
      await page.goto(`${server.url}/${hash}`);
      await page.reload();
      await page.waitForFunction(() => document.documentElement.lang === 'tr');
      await drawn();
      await page.waitForLoadState('networkidle');
      expect(wrongLanguage(await uiStrings(page), 'tr', seeded)).toEqual([]);
    }
    await page.screenshot({ path: `${shots}analytics-value-panel-tr.png`, fullPage: true });
  });
});
