// Open and click tracking of campaign email received by a real SMTP peer: pixel, signed redirects, UTM, machine opens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { sendOnlyChannelBody, startSmtpPeer, type CapturedMail, type SmtpPeer } from '../../connectors/email/testing/smtp-peer.ts';
import { rowsOf } from '../../server/db/client.ts';
import { storeSpooledOpens } from '../../server/tracking/index.ts';
import { clickToken } from '../../server/tracking/tracking-token.ts';
import { performSend } from '../../server/workflows/perform-send.ts';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';
import { eventually } from '../support/api-channel.ts';
import { daytimeClock } from '../support/clock.ts';
import { refuseWrites } from '../support/refuse-writes.ts';

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.0';
const APPLE_PROXY = 'Mozilla/5.0';

describe('email open and click tracking', () => {
  let smtp: SmtpPeer;
  let t: TestApp;
  let admin: Client;
  let channelId: string;
  let htmlTemplateId: string;
  // Real speed at a fixed time of day; `later` jumps it past the prefetch window, as a reader opening mail later would.
  let skipped = 0;
  const daytime = daytimeClock();
  const later = (seconds: number) => (skipped += seconds * 1000);

  beforeAll(async () => {
    smtp = await startSmtpPeer();
    t = await createTestApp({ workers: true, now: () => new Date(daytime().getTime() + skipped) });
    admin = await Client.admin(t.app);
    channelId = (await admin.ok('POST', '/api/channels', sendOnlyChannelBody(smtp))).id;
    htmlTemplateId = (
      await admin.ok('POST', '/api/templates', {
        name: 'Summer HTML',
        fallbackLanguage: 'en',
        languages: {
          en: {
            subject: 'Summer sale',
            body:
              '<h1>Hello {{contact.firstName}}</h1><p><a href="https://shop.example/sale?color=red&amp;size=m">Shop the sale</a></p>' +
              '<p><a href="https://shop.example/new?utm_source=news">New in</a> or <a href="mailto:help@shop.example">write to us</a>.</p><script>alert(1)</script>',
          },
        },
      })
    ).id;
    await admin.ok('POST', '/api/contacts/import', {
      rows: [
        { name: 'Deniz Kaya', email: 'deniz@customer.example', language: 'en', labels: ['tracked'] },
        { name: 'Ali Demir', email: 'ali@customer.example', language: 'en', labels: ['untracked'] },
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const runCampaign = async (name: string, label: string): Promise<{ id: string; mail: CapturedMail }> => {
    const before = smtp.received.length;
    const campaign = await admin.ok('POST', '/api/campaigns', {
      name,
      conditions: { op: 'has_label', value: label },
      templateId: htmlTemplateId,
      channelPolicy: { channelIds: [channelId] },
      schedule: { mode: 'now' },
      throttlePerSecond: 100,
    });
    await admin.ok('POST', `/api/campaigns/${campaign.id}/start`);
    const mails = await smtp.waitFor(before + 1, 20_000);
    // The peer has the mail a moment before the lane records it as sent.
    await eventually(async () => (await stats(campaign.id)).sent === 1, 20_000);
    return { id: campaign.id, mail: mails[before]! };
  };
  const stats = (id: string) => admin.ok('GET', `/api/campaigns/${id}/stats`);
  const engagements = async () =>
    rowsOf<{ kind: string; machine: boolean; url: string | null }>(await t.services.database.db.execute(sql`select kind, machine, url from message_engagements order by at, kind`));
  const get = (url: string, userAgent = BROWSER) => t.app.request(new URL(url).pathname, { headers: { 'user-agent': userAgent } });

  let tracked: { id: string; mail: CapturedMail };

  it('sends the HTML template as multipart/alternative with the pixel, signed links with UTM tags, and a text part', async () => {
    const settings = await admin.ok('PATCH', '/api/workspace', { tracking: { opens: true, clicks: true, utm: true } });
    expect(settings.tracking).toEqual({ opens: true, clicks: true, utm: true });
    tracked = await runCampaign('Yaz İndirimi', 'tracked');
    const { raw, parsed } = tracked.mail;
    expect(raw).toMatch(/Content-Type: multipart\/alternative/i);
    const html = parsed.html as string;
    expect(html).not.toContain('<script');
    expect(html).toMatch(/<img src="https:\/\/ulak\.test\/t\/o\/[0-9a-f-]{36}\.[0-9a-f]{64}\.gif" width="1" height="1"/);
    const clicks = [...html.matchAll(/href="(https:\/\/ulak\.test\/t\/c\/[^"]+)"/g)].map((m) => m[1]);
    expect(clicks).toHaveLength(2);
    expect(clicks[0]).toMatch(/\/t\/c\/[0-9a-f-]{36}\.0\.[0-9a-f]{64}$/);
    expect(clicks[1]).toMatch(/\/t\/c\/[0-9a-f-]{36}\.1\.[0-9a-f]{64}$/);
    // mailto: and the unsubscribe link stay as written; no original web link is left in the HTML.
    expect(html).toContain('href="mailto:help@shop.example"');
    expect(html).toMatch(/href="https:\/\/ulak\.test\/u\/[0-9a-f-]{36}\.email\.[0-9a-f]{64}"/);
    expect(html).not.toContain('https://shop.example');
    // The plain-text part, made from the HTML, carries the same tracked links.
    expect(parsed.text).toContain('HELLO DENIZ');
    expect(parsed.text).toContain(`Shop the sale [${clicks[0]}]`);
    expect(parsed.text).toContain(`New in [${clicks[1]}]`);
    expect(parsed.text).not.toContain('https://shop.example');
  }, 60_000);

  it('counts an Apple Mail Privacy Protection fetch as a machine open, not a person', async () => {
    const pixel = /<img src="([^"]+\.gif)"/.exec(tracked.mail.parsed.html as string)![1]!;
    const res = await get(pixel, APPLE_PROXY);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/gif');
    expect(res.headers.get('cache-control')).toContain('no-store');
    const gif = Buffer.from(await res.arrayBuffer());
    expect(gif.subarray(0, 6).toString()).toBe('GIF89a');
    expect(res.headers.get('content-length')).toBe(String(gif.length));
    expect(await stats(tracked.id)).toMatchObject({ opened: 0, clicked: 0, machineOpens: 1 });
    expect(await engagements()).toEqual([{ kind: 'open', machine: true, url: null }]);
  });

  it('records a person opening twice as one opened recipient, and a click that redirects to the original URL with UTM', async () => {
    later(120);
    const pixel = /<img src="([^"]+\.gif)"/.exec(tracked.mail.parsed.html as string)![1]!;
    expect((await get(pixel)).status).toBe(200);
    expect((await get(pixel)).status).toBe(200);
    const [first, second] = [...(tracked.mail.parsed.html as string).matchAll(/href="(https:\/\/ulak\.test\/t\/c\/[^"]+)"/g)].map((m) => m[1]!);
    const click = await get(first!);
    expect(click.status).toBe(302);
    expect(click.headers.get('location')).toBe('https://shop.example/sale?color=red&size=m&utm_source=ulak&utm_medium=email&utm_campaign=yaz-indirimi');
    // A UTM parameter the author set is kept; only the missing ones are added.
    expect((await get(second!)).headers.get('location')).toBe('https://shop.example/new?utm_source=news&utm_medium=email&utm_campaign=yaz-indirimi');
    expect(await stats(tracked.id)).toMatchObject({ sent: 1, opened: 1, clicked: 1, machineOpens: 1 });
    const human = (await engagements()).filter((e) => !e.machine);
    expect(human.map((e) => e.kind).sort()).toEqual(['click', 'click', 'open', 'open']);
    expect(human.filter((e) => e.kind === 'click').map((e) => e.url)).toEqual([
      'https://shop.example/sale?color=red&size=m&utm_source=ulak&utm_medium=email&utm_campaign=yaz-indirimi',
      'https://shop.example/new?utm_source=news&utm_medium=email&utm_campaign=yaz-indirimi',
    ]);
  });

  it('shows a click during a database outage a page that tries again by itself, and keeps the open, counted once the database is back', async () => {
    const [first] = [...(tracked.mail.parsed.html as string).matchAll(/href="(https:\/\/ulak\.test\/t\/c\/[^"]+)"/g)].map((m) => m[1]!);
    const pixel = /<img src="([^"]+\.gif)"/.exec(tracked.mail.parsed.html as string)![1]!;
    const before = (await engagements()).length;
    const outage = await refuseWrites(t.database, 'message_engagements', 'true', '57P03');
    const click = await t.app.request(new URL(first!).pathname, { headers: { 'user-agent': BROWSER, 'accept-language': 'tr-TR,tr;q=0.9' } });
    expect(click.status).toBe(503);
    expect(click.headers.get('retry-after')).toBe('5');
    const page = await click.text();
    expect(page).toContain('<meta http-equiv="refresh" content="5">');
    expect(page).toContain('kendiliğinden yeniden denenecek');
    later(120); // past the prefetch window: a person opening the mail
    const openedAt = t.services.now();
    const image = await get(pixel);
    expect([image.status, image.headers.get('content-type')]).toEqual([200, 'image/gif']);
    const fetchedBy = t.services.now();
    expect(await storeSpooledOpens(t.services, t.services.spoolDir)).toEqual({ files: 1, stored: 0, left: 1, away: true });
    await outage.lift();
    expect(await engagements()).toHaveLength(before);
    // The spool pass, once the database is back: the open counted, as of when it happened.
    expect(await storeSpooledOpens(t.services, t.services.spoolDir)).toEqual({ files: 1, stored: 1, left: 0, away: false });
    const [opened] = rowsOf<{ machine: boolean; ms: string }>(
      await t.services.database.db.execute(sql`select machine, (extract(epoch from at) * 1000)::bigint::text as ms from message_engagements where kind = 'open' order by at desc limit 1`),
    );
    // As of the fetch during the outage (the test's clock runs at real speed from a fixed time of day), not of the pass.
    expect(opened!.machine).toBe(false);
    expect(Number(opened!.ms)).toBeGreaterThanOrEqual(openedAt.getTime());
    expect(Number(opened!.ms)).toBeLessThanOrEqual(fetchedBy.getTime());
    // The browser's retry: redirected, and the click counted.
    const retried = await get(first!);
    expect(retried.status).toBe(302);
    expect(retried.headers.get('location')).toContain('https://shop.example/sale');
    expect(await engagements()).toHaveLength(before + 2);
  });

  it('answers a forged token, or a signed one for a link the message never had, with 404 and records nothing', async () => {
    const before = (await engagements()).length;
    const [first] = [...(tracked.mail.parsed.html as string).matchAll(/href="(https:\/\/ulak\.test\/t\/c\/[^"]+)"/g)].map((m) => m[1]!);
    const forged = first!.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
    expect((await get(forged)).status).toBe(404);
    expect((await get(first!.replace('.0.', '.1.'))).status).toBe(404);
    const pixel = /<img src="([^"]+)\.gif"/.exec(tracked.mail.parsed.html as string)![1]!;
    expect((await get(`${pixel.replace(/.$/, (c) => (c === '0' ? '1' : '0'))}.gif`)).status).toBe(404);
    const messageId = /\/t\/c\/([0-9a-f-]{36})\./.exec(first!)![1]!;
    const beyond = await t.app.request(`/t/c/${clickToken(t.services.config.secretKey, messageId, 7)}`);
    expect(beyond.status).toBe(404);
    expect(beyond.headers.get('location')).toBeNull();
    expect(await engagements()).toHaveLength(before);
    const doc = await (await t.app.request('/api/openapi.json')).json();
    expect([doc.paths['/t/o/{pixel}'].get.security, doc.paths['/t/c/{token}'].get.security]).toEqual([[], []]);
  });

  it('sends the original links and no pixel when tracking is off', async () => {
    await admin.ok('PATCH', '/api/workspace', { tracking: { opens: false, clicks: false, utm: false } });
    const { mail } = await runCampaign('Plain', 'untracked');
    const html = mail.parsed.html as string;
    expect(html).toContain('href="https://shop.example/sale?color=red&amp;size=m"');
    expect(html).toContain('href="https://shop.example/new?utm_source=news"');
    expect(html).not.toContain('/t/o/');
    expect(html).not.toContain('/t/c/');
    expect(mail.parsed.text).toContain('Shop the sale [https://shop.example/sale?color=red&size=m]');
  }, 60_000);

  it("tags a workflow's marketing email with the workflow's name, and never tracks a service message", async () => {
    await admin.ok('PATCH', '/api/workspace', { tracking: { opens: true, clicks: false, utm: true } });
    const workflow = await admin.ok('POST', '/api/workflows/presets/birthday', { name: 'Doğum günü' });
    const contact = (await admin.ok('GET', '/api/contacts?q=deniz')).items[0];
    const send = async (purpose: 'marketing' | 'service') => {
      const before = smtp.received.length;
      await performSend(t.services, {
        runId: crypto.randomUUID(),
        workflowId: workflow.id,
        stepId: 'greet',
        contactId: contact.id,
        channel: { kind: 'email', identity: { kind: 'email', value: 'deniz@customer.example' } },
        text: '<p>Happy birthday! <a href="https://shop.example/gift">Your gift</a></p>',
        subject: 'Happy birthday',
        purpose,
      });
      return (await smtp.waitFor(before + 1, 20_000))[before]!;
    };
    const marketing = (await send('marketing')).parsed;
    expect(marketing.html).toContain('href="https://shop.example/gift?utm_source=ulak&amp;utm_medium=email&amp;utm_campaign=dogum-gunu"');
    expect(marketing.html).toMatch(/\/t\/o\/[0-9a-f-]{36}\.[0-9a-f]{64}\.gif/);
    expect(marketing.text).toContain('Your gift [https://shop.example/gift?utm_source=ulak&utm_medium=email&utm_campaign=dogum-gunu]');
    const service = (await send('service')).parsed;
    expect(service.html).toContain('href="https://shop.example/gift"');
    expect(service.html).not.toContain('/t/o/');
  }, 60_000);
});
