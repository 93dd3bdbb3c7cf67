// A mail client's one-click unsubscribe (RFC 8058) is sent once, and the customer is told they are unsubscribed. While
// the database cannot record it (a restart, a failover) it was answered 503 and lost, and the customer kept receiving
// marketing email. The link is signed with the server's key, so it is verified without the database: the opt-out is
// kept on disk, the customer is told they are unsubscribed, and the spool pass records it, as of the click, once the
// database is back.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordConsent, storeSpooledConsents, unsubscribeToken } from '../../server/consent/index.ts';
import { consents, messages } from '../../server/db/schema/index.ts';
import { startSpoolPass, startWorkers } from '../../server/services.ts';
import { createApiChannel, eventually, postInbound } from '../support/api-channel.ts';
import { marketingEmailChannel, queuedMarketingEmail } from '../support/marketing-email.ts';
import { recordingDriver } from '../support/recording-driver.ts';
import { refuseReads, refuseWrites } from '../support/refuse-writes.ts';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';

describe('one-click unsubscribe while the database is away', () => {
  let t: TestApp;
  let admin: Client;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await Client.admin(t.app);
  });
  afterAll(() => t.close());

  let serial = 0;
  async function customer() {
    const channel = await createApiChannel(admin);
    serial++;
    return (await postInbound(t.app, channel, { externalId: `u-${serial}`, from: { id: `c-${serial}`, email: `customer${serial}@example.com` }, text: 'Merhaba' })).body.contactId as string;
  }
  const oneClick = async (contactId: string, token = unsubscribeToken(t.services.config.secretKey, { contactId, channel: 'email' })) => {
    const res = await t.app.request(`/u/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'tr-TR,tr;q=0.9' },
      body: 'List-Unsubscribe=One-Click',
    });
    return { status: res.status, text: await res.text() };
  };
  const kept = async () => (await readdir(join(t.services.spoolDir, 'consents')).catch(() => [])).filter((n) => n.endsWith('.json'));
  const pass = () => storeSpooledConsents(t.services, t.services.spoolDir);
  const emailConsent = async (contactId: string) =>
    (
      await t.database.db
        .select()
        .from(consents)
        .where(and(eq(consents.contactId, contactId), eq(consents.channel, 'email')))
    )[0];

  it('tells the customer they are unsubscribed, keeps the opt-out, and records it as of the click when the database is back', async () => {
    const contactId = await customer();
    const outage = await refuseWrites(t.database, 'consents', 'true', '57P03');
    const clickedAt = t.services.now();
    const answer = await oneClick(contactId);
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('Abonelikten çıktınız');
    expect(await kept()).toHaveLength(1);
    expect(await pass()).toEqual({ files: 1, stored: 0, left: 1, away: true });
    expect(await emailConsent(contactId)).toBeUndefined();

    await outage.lift();
    expect(await pass()).toEqual({ files: 1, stored: 1, left: 0, away: false });
    expect(await kept()).toEqual([]);
    const consent = await emailConsent(contactId);
    expect(consent).toMatchObject({ status: 'opted_out', source: 'one-click' });
    expect(consent!.at.getTime()).toBeGreaterThanOrEqual(clickedAt.getTime());
    expect(consent!.at.getTime()).toBeLessThan(clickedAt.getTime() + 60_000);
    const profile = await admin.ok('GET', `/api/contacts/${contactId}`);
    expect(profile.consents).toEqual([expect.objectContaining({ channel: 'email', status: 'opted_out' })]);
  });

  it('leaves a newer word standing: a customer who subscribed again after the click stays subscribed', async () => {
    const contactId = await customer();
    const outage = await refuseWrites(t.database, 'consents', 'true', '57P03');
    expect((await oneClick(contactId)).status).toBe(200);
    await outage.lift();
    await recordConsent(t.database.db, { contactId, channel: 'email', status: 'opted_in', source: 'link', at: new Date(Date.now() + 1_000) });
    expect(await pass()).toEqual({ files: 1, stored: 1, left: 0, away: false });
    expect(await emailConsent(contactId)).toMatchObject({ status: 'opted_in' });
  });

  it('shows the preference page as unavailable for a moment, trying again by itself, and saves nothing from its form', async () => {
    const contactId = await customer();
    const token = unsubscribeToken(t.services.config.secretKey, { contactId, channel: 'email' });
    const outage = await refuseReads(t.database, 'contacts');
    const page = await t.app.request(`/u/${token}`, { headers: { 'accept-language': 'en-GB' } });
    expect(page.status).toBe(503);
    expect(page.headers.get('retry-after')).toBe('5');
    expect(await page.text()).toContain('<meta http-equiv="refresh" content="5">');
    const saved = await t.app.request(`/u/${token}/preferences`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'all=opted_out' });
    expect(saved.status).toBe(503);
    const text = await saved.text();
    expect(text).toContain(`href="/u/${token}"`);
    expect(text).not.toContain('http-equiv="refresh"');
    await outage.lift();
    expect(await t.database.db.select().from(consents).where(eq(consents.contactId, contactId))).toEqual([]);
    expect((await t.app.request(`/u/${token}`)).status).toBe(200);
  });

  it('refuses a forged link and keeps nothing, and drops a kept opt-out whose contact was erased meanwhile', async () => {
    const contactId = await customer();
    const outage = await refuseWrites(t.database, 'consents', 'true', '57P03');
    const forged = `${contactId}.email.${'A'.repeat(43)}`;
    expect((await oneClick(contactId, forged)).status).toBe(404);
    expect(await kept()).toEqual([]);
    expect((await oneClick(contactId)).status).toBe(200);
    await outage.lift();
    await admin.ok('DELETE', `/api/contacts/${contactId}`);
    expect(await pass()).toEqual({ files: 1, stored: 0, left: 0, away: false });
    expect(await kept()).toEqual([]);
  });

  it('records a kept opt-out on the contact its customer was merged into meanwhile', async () => {
    const contactId = await customer();
    const survivorId = await customer();
    const outage = await refuseWrites(t.database, 'consents', 'true', '57P03');
    expect((await oneClick(contactId)).status).toBe(200);
    await outage.lift();
    await admin.ok('POST', '/api/contacts/merge', { intoId: survivorId, fromId: contactId });
    expect(await pass()).toEqual({ files: 1, stored: 1, left: 0, away: false });
    expect(await emailConsent(survivorId)).toMatchObject({ status: 'opted_out', source: 'one-click' });
  });
});

// The kept opt-out used to wait for the next half-minute pass, while the marketing lane started sending the moment the
// database returned: a customer told "you are unsubscribed" could still be sent the campaign queued for them.
describe('a campaign queued for a customer who unsubscribed while the database was away', () => {
  const email = recordingDriver('email');
  const clock = new Date('2026-06-15T10:00:00Z'); // mid-morning in Istanbul: outside the quiet hours
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ now: () => clock, drivers: { email: email.driver } });
  });
  afterAll(() => t.close());

  it('is not sent to them: the marketing lane waits until the spool pass has recorded the kept opt-out', async () => {
    const address = 'leaving@customer.example';
    const { contactId, messageId } = await queuedMarketingEmail(t.services, await marketingEmailChannel(t.services), address);

    // Consents cannot be written (the rest of the database answers, so the lane itself sees no outage and would
    // claim at once): the opt-out is kept on disk, and this process's lane waits until the spool pass has recorded it.
    const consentsAway = await refuseWrites(t.database, 'consents', 'true', '57P03');
    const token = unsubscribeToken(t.services.config.secretKey, { contactId, channel: 'email' });
    const click = await t.app.request(`/u/${token}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(click.status).toBe(200);
    startSpoolPass(t.services);
    await startWorkers(t.services, { pullers: false });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(email.sent).toEqual([]);
    const [waiting] = await t.database.db.select().from(messages).where(eq(messages.id, messageId));
    expect(waiting!.status).toBe('queued');
    await consentsAway.lift();

    const message = await eventually(async () => {
      const [row] = await t.database.db.select().from(messages).where(eq(messages.id, messageId));
      return row!.status === 'queued' ? undefined : row;
    }, 60_000);
    expect(email.sent.map((m) => m.to.value)).not.toContain(address);
    expect(message).toMatchObject({ status: 'failed', errorCode: 'OPTED_OUT' });
    const [consent] = await t.database.db
      .select()
      .from(consents)
      .where(and(eq(consents.contactId, contactId), eq(consents.channel, 'email')));
    expect(consent).toMatchObject({ status: 'opted_out', source: 'one-click' });
  });
});
