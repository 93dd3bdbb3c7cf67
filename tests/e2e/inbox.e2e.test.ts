// The inbox end to end: real server, real Chromium — first-run setup and an API channel made in the browser, a signed inbound message, a reply to a webhook, notes, search, i18n.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { admin, blur, hasChromium, shots, windowOverflow } from './support/browser';
import { useUlak } from './support/use-ulak';
import { startReceiver } from './support/webhook-receiver';
import { postSignedInbound } from './support/api-session';
import { blockingViolations } from './support/axe';
import { EMAIL_FRAME_STYLE } from '../../server/lib/email-frame-style';

describe.skipIf(!hasChromium)('inbox in a real browser', () => {
  // The first admin is made in the browser, as on a fresh install.
  const ulak = useUlak({ setup: false });
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let page: Page;
  let channel: { id: string; secret: string };
  const cspViolations: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    receiver = await startReceiver();
    page = await ulak.browser.newPage({ viewport: { width: 1280, height: 720 }, locale: 'en-GB' });
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
  });

  afterAll(() => receiver?.stop());

  it('sets up the first admin on a fresh install, then connects an API channel from the first steps the inbox shows', async () => {
    await page.goto(ulak.server.url);
    await page.getByRole('heading', { name: 'Welcome to Ulak' }).waitFor();
    // Nobody signed in yet is an answer, not a failed request (Chromium logs every 4xx as an error).
    expect(consoleErrors).toEqual([]);
    await page.getByLabel('Your name').fill(admin.name);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('navigation', { name: 'Conversation views' }).waitFor();

    // A new workspace's inbox says where to begin, and its link opens Settings → Channels.
    await page.getByRole('heading', { name: 'Connect your first channel' }).waitFor();
    expect(await blockingViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Add a channel' }).click();
    await page.getByLabel('Channel type').selectOption('api');
    await page.getByLabel('Channel name').fill('Shop API');
    await page.getByLabel('Webhook URL for replies').fill(receiver.url);
    await page.getByRole('button', { name: 'Create' }).click();
    // The signing secret is shown once, right after creation.
    const shown = await page.getByRole('status').filter({ hasText: 'Signing secret' }).innerText();
    const secret = /copy it now\): (\S+)/.exec(shown)![1]!;
    await ulak.api.call('POST', '/api/auth/login', { email: admin.email, password: admin.password });
    const created = (await ulak.api.call('GET', '/api/channels')).items.find((c: { name: string }) => c.name === 'Shop API');
    channel = { id: created.id, secret };
    await ulak.api.call('POST', '/api/canned-responses', { shortCode: 'parcel', content: 'Your parcel left our warehouse today.' });
  });

  it('shows a new inbound message in the open inbox without a reload', async () => {
    await page.getByRole('link', { name: 'Inbox' }).click();
    await page.getByRole('navigation', { name: 'Conversation views' }).waitFor();
    await page.getByText('Live', { exact: true }).waitFor();

    await postSignedInbound(ulak.server.url, channel.id, channel.secret, {
      externalId: 'order-1001',
      from: { id: 'cust-42', name: 'Zeynep Kaya', email: 'zeynep@example.com' },
      text: 'Siparişim nerede? Order 1001 has not arrived.',
    });
    const row = page.locator('[data-conversation-id]', { hasText: 'Zeynep Kaya' });
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    await page.locator('article', { hasText: 'Order 1001 has not arrived' }).waitFor();

    // The customer writes again into the conversation on screen: it appears in the thread, no reload.
    await postSignedInbound(ulak.server.url, channel.id, channel.secret, {
      externalId: 'order-1001-followup',
      from: { id: 'cust-42', name: 'Zeynep Kaya', email: 'zeynep@example.com' },
      text: 'Any news about my parcel?',
    });
    await page.locator('article', { hasText: 'Any news about my parcel?' }).waitFor({ timeout: 15_000 });
  });

  it('expands a /shortcut canned response and sends the reply to the channel webhook', async () => {
    const reply = page.getByRole('textbox', { name: 'Reply' });
    await reply.fill('/parc');
    await page.getByRole('listbox', { name: 'Canned responses' }).waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => reply.inputValue()).toBe('Your parcel left our warehouse today.');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => receiver.received.map((r) => r.body).join('\n'), { timeout: 20_000 }).toContain('Your parcel left our warehouse today.');
    await page.locator('article.out', { hasText: 'Your parcel left' }).waitFor();
  });

  it('attaches a file, waits for its upload, and the file reaches the channel webhook', async () => {
    const pdf = Buffer.from('%PDF-1.4 Zeynep Kaya fatura 1001');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Attach files' }).click()]);
    await chooser.setFiles({ name: 'fatura-1001.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByRole('list', { name: 'Attached files' }).locator('[data-status="ready"]', { hasText: 'fatura-1001.pdf' }).waitFor();
    await page.getByRole('textbox', { name: 'Reply' }).fill('Faturanız ekte.');
    await page.screenshot({ path: `${shots}composer-attachment.png` });
    await page.getByRole('button', { name: 'Send' }).click();
    const delivered = () => receiver.received.map((r) => JSON.parse(r.body)).find((b) => b.text === 'Faturanız ekte.');
    await expect.poll(delivered, { timeout: 20_000 }).toBeTruthy();
    expect(delivered().attachments).toEqual([{ filename: 'fatura-1001.pdf', contentType: 'application/pdf', contentBase64: pdf.toString('base64') }]);
    await page.locator('article.out', { hasText: 'Faturanız ekte.' }).getByRole('link', { name: 'fatura-1001.pdf' }).waitFor();
    expect(await page.getByRole('list', { name: 'Attached files' }).count()).toBe(0);
  });

  it('keeps a private note inside Ulak', async () => {
    await blur(page);
    await page.keyboard.press('n');
    await page.getByRole('textbox', { name: 'Private note' }).fill('Courier confirmed a delay — VIP customer.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.locator('article.note', { hasText: 'Courier confirmed a delay' }).waitFor();
    // Give the outbound worker time to (wrongly) pick it up before checking it never left.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(receiver.received.some((r) => r.body.includes('Courier confirmed a delay'))).toBe(false);
    await page.screenshot({ path: `${shots}inbox.png` });
  });

  it('resolves the conversation with the "e" shortcut', async () => {
    await blur(page);
    await page.keyboard.press('e');
    await page.locator('[data-status="resolved"]').waitFor();
    const counts = await ulak.api.call('GET', '/api/conversations/counts');
    expect(counts.byStatus.resolved).toBe(1);
  });

  it('finds the contact by search and edits their time zone', async () => {
    await blur(page);
    await page.keyboard.press('/');
    await page.getByRole('searchbox', { name: 'Search contacts and messages' }).fill('Zeynep');
    await page.getByRole('dialog').getByRole('link', { name: 'Zeynep Kaya' }).first().click();
    const zone = page.getByLabel('Time zone');
    await zone.fill('America/New_York');
    await page.getByRole('complementary', { name: 'Contact profile' }).getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved', { exact: true }).waitFor();
    await page.getByText(/Local time:/).waitFor();
    const contactId = page.url().split('/').pop()!;
    const contact = await ulak.api.call('GET', `/api/contacts/${contactId}`);
    expect(contact.timeZone).toBe('America/New_York');
    const panel = page.getByRole('complementary', { name: 'Contact profile' });
    await panel.getByLabel('Attribute name').fill('city');
    await panel.getByLabel('Value', { exact: true }).fill('İzmir');
    await panel.getByRole('button', { name: 'Add' }).click();
    await expect.poll(async () => (await ulak.api.call('GET', `/api/contacts/${contactId}`)).attributes).toEqual({ city: 'İzmir' });
    await panel.getByRole('button', { name: 'Remove city' }).click();
    await expect.poll(async () => (await ulak.api.call('GET', `/api/contacts/${contactId}`)).attributes).toEqual({});
    await page.screenshot({ path: `${shots}profile.png` });
  });

  it('lists the channel in settings and tests its connection', async () => {
    await page.goto(`${ulak.server.url}/#/settings/channels`);
    await page.getByText('Shop API').waitFor();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.locator('.checks li').first().waitFor();
    await page.getByLabel('Channel type').selectOption('email');
    await page.getByText('Ulak reads new mail over IMAP').waitFor();
    await page.screenshot({ path: `${shots}settings.png`, fullPage: true });
    await page.getByRole('link', { name: 'Workspace' }).click();
    await page.getByLabel('Default phone region').fill('de');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved', { exact: true }).waitFor();
    expect((await ulak.api.call('GET', '/api/workspace')).defaultRegion).toBe('DE');
  });

  it('stacks the thread and the profile at phone width', async () => {
    const context = await ulak.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });
    await context.addCookies(await page.context().cookies());
    const phone = await context.newPage();
    await phone.goto(`${ulak.server.url}/#/inbox`);
    await phone.getByRole('combobox', { name: 'Conversation views' }).selectOption('status:resolved');
    await phone.locator('[data-conversation-id]', { hasText: 'Zeynep Kaya' }).click();
    await phone.locator('article', { hasText: 'Order 1001 has not arrived' }).waitFor();
    expect(await phone.locator('[data-conversation-id]').first().isVisible()).toBe(false);
    const toggle = phone.getByRole('button', { name: 'Profile' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const profile = phone.getByRole('complementary', { name: 'Contact profile' });
    await profile.waitFor();
    const [thread, panel] = await Promise.all([phone.locator('section.thread').boundingBox(), profile.boundingBox()]);
    expect(panel!.y).toBeGreaterThanOrEqual(thread!.y + thread!.height - 1);
    expect(panel!.width).toBeGreaterThan(300);
    await phone.screenshot({ path: `${shots}phone-thread.png`, fullPage: true });
    await context.close();
  });

  it('opens keyboard help with ? and jumps screens from the Ctrl+K palette', async () => {
    await page.goto(`${ulak.server.url}/#/inbox`);
    await page.getByRole('navigation', { name: 'Conversation views' }).waitFor();
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.screenshot({ path: `${shots}help.png` });
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.keyboard.press('Control+k');
    await page.getByRole('combobox', { name: 'Type a command or search…' }).fill('contacts');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Contacts' }).waitFor();
    expect(page.url()).toContain('#/contacts');
  });

  it('switches the interface to Turkish and remembers it', async () => {
    await page.getByRole('combobox', { name: 'Language' }).selectOption('tr');
    await page.getByRole('link', { name: 'Gelen kutusu' }).waitFor();
    await expect.poll(async () => (await ulak.api.call('GET', '/api/me')).user.locale).toBe('tr');
    await page.reload();
    await page.getByRole('link', { name: 'Kişiler' }).waitFor();
  });

  it("opens the reports screen with this run's live figures and charts", async () => {
    await page.goto(`${ulak.server.url}/#/reports`);
    await page.getByRole('heading', { name: 'Raporlar' }).waitFor();
    expect((await page.request.get(`${ulak.server.url}/api/reports/overview`)).status()).toBe(200);
    await page.getByRole('heading', { name: 'Şikâyetler' }).waitFor();
    await page.locator('canvas').first().waitFor();
    await page.screenshot({ path: `${shots}reports-live.png`, fullPage: true });
  });

  it('draws report charts from the documented report shapes', async () => {
    // Fixed figures (a busy month) so every chart type is drawn by the real chart.js with data in it.
    const days = Array.from({ length: 14 }, (_, i) => new Date(Date.UTC(2026, 10, 8 + i)).toISOString());
    await page.route('**/api/reports/overview**', (route) =>
      route.fulfill({
        json: {
          volumeByChannel: { email: 120, whatsapp: 340, sms: 45, telegram: 60, api: 12 },
          firstResponse: { medianSec: 420, p90Sec: 3600 },
          resolution: { medianSec: 7200, p90Sec: 86400 },
          csat: { avg: 4.6, count: 81 },
          nps: { score: 42, count: 57 },
          complaints: 9,
          slaBreaches: 2,
          perAgent: [{ id: 'u1', name: 'Ada Admin', repliesSent: 1250, firstResponses: 400, firstResponse: { medianSec: 380, p90Sec: 1800 }, resolved: 1100 }],
          perTeam: [],
        },
      }),
    );
    const channels = ['email', 'whatsapp', 'sms'];
    await page.route('**/api/reports/timeseries**', (route) =>
      route.fulfill({
        json: {
          points:
            new URL(route.request().url()).searchParams.get('metric') === 'volume'
              ? days.flatMap((at, i) => channels.map((channel, c) => ({ at, channel, value: 10 + ((i * 17 + c * 7) % 25) })))
              : days.map((at, i) => ({ at, value: 300 + i * 20, p90: 1200 + i * 60 })),
        },
      }),
    );
    await page.reload();
    await page.locator('canvas').first().waitFor();
    expect(await page.locator('canvas').count()).toBe(3);
    await page.getByText('4,6').waitFor();
    await page.getByRole('cell', { name: '1.250' }).waitFor();
    // The charts' tables for screen readers are hidden without growing the page: one scrollbar, the screen's own.
    expect(await windowOverflow(page)).toBe(0);
    await page.screenshot({ path: `${shots}reports.png`, fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV dışa aktar' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('metric,at,channel,value');
    expect(csv).toContain(`volume,${days[0]},email,10`);
    expect(csv).toContain(`first_response,${days[0]},,300`);
    await page.unrouteAll();
  });

  it('ran every screen above under the strict CSP, from a compressed bundle, with email styles still applied', async () => {
    // The email frame inherits the page's policy: its stylesheet (by hash) and mail's style attributes must apply.
    const applied = await page.evaluate(async (style) => {
      const frame = document.createElement('iframe');
      frame.sandbox.add('allow-same-origin');
      frame.srcdoc = `<!doctype html><html><head><style>${style}</style></head><body><p style="color: rgb(200, 0, 0)">Sipariş</p></body></html>`;
      const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
      document.body.append(frame);
      await loaded;
      const doc = frame.contentDocument!;
      const result = [getComputedStyle(doc.body).fontSize, getComputedStyle(doc.querySelector('p')!).color];
      frame.remove();
      return result;
    }, EMAIL_FRAME_STYLE);
    expect(applied).toEqual(['14px', 'rgb(200, 0, 0)']);
    expect(cspViolations).toEqual([]);

    await page.goto(ulak.server.url);
    await page.waitForLoadState('networkidle');
    const scripts = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((e) => e.name.includes('/assets/index-') && e.name.endsWith('.js'))
        .map((e) => e as PerformanceResourceTiming)
        .map((e) => ({ encoded: e.encodedBodySize, decoded: e.decodedBodySize })),
    );
    console.log(`[e2e] initial bundle: ${scripts.map((s) => `${s.encoded} B transferred, ${s.decoded} B decoded`).join('; ')}`);
    expect(scripts).toHaveLength(1);
    expect(scripts[0]!.encoded).toBeLessThan(150 * 1024);
    expect(scripts[0]!.encoded).toBeLessThan(scripts[0]!.decoded / 2);
  });
});
