// An MMS whose media Twilio cannot serve for a while: the message is stored at once, its file waits and is fetched
// again later (backing off), and is stored when Twilio answers, refused when Twilio says it is gone, or after a day.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import twilio from 'twilio';
import { createSmsDriver } from '../../connectors/sms/index.ts';
import { FakeTwilio } from '../../connectors/sms/testing/fake-twilio.ts';
import { ACCOUNT_SID, AUTH_TOKEN, OUR_NUMBER, inboundParams } from '../../connectors/sms/testing/fixtures.ts';
import { attachmentFetches, domainEvents } from '../../server/db/schema/index.ts';
import { FETCH_GIVE_UP_MS, fetchWaitingAttachments } from '../../server/inbound/fetch-waiting-attachments.ts';
import { runWebhookTick, webhookDeps } from '../../server/webhooks/index.ts';
import { signedReceiver } from '../webhooks/signed-receiver.ts';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';

describe('inbound files a provider cannot serve yet', () => {
  const fake = new FakeTwilio(ACCOUNT_SID, AUTH_TOKEN);
  let clock = new Date('2026-03-02T10:00:00Z');
  let t: TestApp;
  let admin: Client;
  let channelId: string;

  beforeAll(async () => {
    await fake.start();
    t = await createTestApp({ now: () => clock, drivers: { sms: createSmsDriver({ clientFactory: (sid, token) => twilio(sid, token, { httpClient: fake.httpClient() }) }) } });
    admin = await Client.admin(t.app);
    channelId = (await admin.ok('POST', '/api/channels', { kind: 'sms', name: 'SMS', config: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: OUR_NUMBER } })).id;
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  const later = (ms: number) => (clock = new Date(clock.getTime() + ms));
  const pass = () => fetchWaitingAttachments({ ...t.services, maxAttachmentBytes: t.services.config.maxAttachmentBytes });

  /** Posts a signed inbound MMS with these media URLs and returns the stored message as the API shows it. */
  async function receive(text: string, mediaUrls: string[]) {
    const params = inboundParams(text, {
      NumMedia: String(mediaUrls.length),
      ...Object.fromEntries(
        mediaUrls.flatMap((url, i) => [
          [`MediaUrl${i}`, url],
          [`MediaContentType${i}`, 'image/jpeg'],
        ]),
      ),
    });
    const path = `/webhooks/twilio/${channelId}/sms`;
    const res = await t.app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, `https://ulak.test${path}`, params) },
      body: new URLSearchParams(params).toString(),
    });
    expect(res.status).toBe(200);
    return message(text);
  }
  async function message(text: string) {
    for (const conversation of (await admin.ok('GET', '/api/conversations')).items) {
      const found = (await admin.ok('GET', `/api/conversations/${conversation.id}/messages`)).items.find((m: any) => m.text === text);
      if (found) return found;
    }
    throw new Error(`no message "${text}"`);
  }

  it('stores the message at once and the photo when Twilio serves it again, announcing the change', async () => {
    const photo = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 9, 8, 7, 6]);
    const photoUrl = fake.addMedia(photo, 'image/jpeg');
    const shipping = fake.addMedia(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1]), 'image/jpeg');
    fake.failMedia(photoUrl, 503);

    const stored = await receive('Hasarlı kutunun fotoğrafı', [photoUrl, shipping]);
    const [waiting, kept] = stored.attachments;
    expect(waiting).toMatchObject({ url: null, refused: null, pending: true });
    expect(kept).toMatchObject({ refused: null, pending: false });
    expect(kept.url).toMatch(/^\/api\/attachments\//);

    // Not due yet, then due while Twilio still fails: it keeps waiting, and the next try is later.
    expect(await pass()).toEqual({ stored: 0, refused: 0, waiting: 0 });
    later(60_000);
    expect(await pass()).toEqual({ stored: 0, refused: 0, waiting: 1 });
    const [row] = await t.database.db.select().from(attachmentFetches).where(eq(attachmentFetches.attachmentId, waiting.id));
    expect(row).toMatchObject({ attempts: 1, lastError: 'download failed: HTTP 503' });
    expect(row!.nextAttemptAt.getTime()).toBeGreaterThan(clock.getTime());

    fake.failMedia(photoUrl, null);
    later(2 * 60_000);
    expect(await pass()).toEqual({ stored: 1, refused: 0, waiting: 0 });
    const now = (await message('Hasarlı kutunun fotoğrafı')).attachments[0];
    expect(now).toMatchObject({ id: waiting.id, pending: false, refused: null, size: photo.byteLength, contentType: 'image/jpeg' });
    const file = await admin.raw('GET', now.url);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(photo);
    expect(await t.database.db.select().from(attachmentFetches).where(eq(attachmentFetches.attachmentId, waiting.id))).toEqual([]);
    const events = await t.database.db.select().from(domainEvents).where(eq(domainEvents.messageId, stored.id));
    expect(events.filter((e) => e.type === 'message.updated').map((e) => e.payload)).toEqual([{ attachment: waiting.id }]);
    // A later pass has nothing to do: the file is fetched once.
    later(60 * 60_000);
    expect(await pass()).toEqual({ stored: 0, refused: 0, waiting: 0 });
  });

  it('refuses the file, keeping the message, when Twilio says it is gone', async () => {
    const url = fake.addMedia(new Uint8Array([1, 2, 3]), 'image/jpeg');
    fake.failMedia(url, 503);
    const stored = await receive('Silinen fotoğraf', [url]);
    expect(stored.attachments[0]).toMatchObject({ pending: true });
    fake.failMedia(url, 404);
    later(60_000);
    expect(await pass()).toEqual({ stored: 0, refused: 1, waiting: 0 });
    expect((await message('Silinen fotoğraf')).attachments[0]).toMatchObject({ url: null, pending: false, refused: 'download failed: HTTP 404' });
  });

  it('gives up after a day of failures, saying why', async () => {
    const url = fake.addMedia(new Uint8Array([1, 2, 3]), 'image/jpeg');
    fake.failMedia(url, 503);
    await receive('Hiç gelmeyen fotoğraf', [url]);
    for (let hour = 0; hour < 25; hour++) {
      later(60 * 60_000);
      await pass();
    }
    expect((await message('Hiç gelmeyen fotoğraf')).attachments[0]).toMatchObject({ url: null, pending: false, refused: 'download failed: HTTP 503' });
    expect(FETCH_GIVE_UP_MS).toBe(24 * 60 * 60_000);
    fake.failMedia(url, null);
    later(60 * 60_000);
    expect(await pass()).toEqual({ stored: 0, refused: 0, waiting: 0 });
  });

  it('refuses a waiting file whose channel was deleted', async () => {
    const url = fake.addMedia(new Uint8Array([1, 2, 3]), 'image/jpeg');
    fake.failMedia(url, 503);
    const stored = await receive('Kanalı silinen fotoğraf', [url]);
    await t.database.db.update(attachmentFetches).set({ channelId: '00000000-0000-4000-8000-000000000000' }).where(eq(attachmentFetches.attachmentId, stored.attachments[0].id));
    later(60_000);
    expect(await pass()).toEqual({ stored: 0, refused: 1, waiting: 0 });
    expect((await message('Kanalı silinen fotoğraf')).attachments[0]).toMatchObject({ pending: false, refused: 'download failed: channel not found' });
  });

  it("leaves a session channel's file to the process holding the session, and fetches it there", async () => {
    const url = fake.addMedia(new Uint8Array([1, 2, 3]), 'image/jpeg');
    fake.failMedia(url, 503);
    const stored = await receive('Oturumdan gelecek fotoğraf', [url]);
    const asked: string[] = [];
    const sessionChannel = (holder: boolean) => ({
      ...t.services.runtime,
      holds: async () => holder,
      instance: async () => ({
        driver: { sendsThroughSession: true },
        channel: {
          fetchAttachment: async (source: string, facts: { filename: string; contentType: string }) => {
            asked.push(source);
            return { ...facts, size: 2, content: new Uint8Array([7, 7]) };
          },
        },
      }),
    });
    later(60_000);
    const elsewhere = await fetchWaitingAttachments({ ...t.services, runtime: sessionChannel(false) as never, maxAttachmentBytes: 1_000_000 });
    expect(elsewhere).toEqual({ stored: 0, refused: 0, waiting: 1 });
    expect(asked).toEqual([]);
    const [row] = await t.database.db.select().from(attachmentFetches).where(eq(attachmentFetches.attachmentId, stored.attachments[0].id));
    expect(row!.attempts).toBe(0); // not a try: due again soon, for the holder
    later(60_000);
    expect(await fetchWaitingAttachments({ ...t.services, runtime: sessionChannel(true) as never, maxAttachmentBytes: 1_000_000 })).toEqual({ stored: 1, refused: 0, waiting: 0 });
    expect(asked).toEqual([url]);
    expect((await message('Oturumdan gelecek fotoğraf')).attachments[0]).toMatchObject({ pending: false, size: 2 });
  });

  it('tells an integration subscribed to message.updated when the file arrives, with the message as it is then', async () => {
    const receiver = signedReceiver();
    try {
      const created = await admin.ok('POST', '/api/webhooks', { url: receiver.url, events: ['message.updated'] });
      receiver.secrets.push(created.secret);
      const photo = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 5]);
      const url = fake.addMedia(photo, 'image/jpeg');
      fake.failMedia(url, 503);
      const stored = await receive('Entegrasyona gidecek fotoğraf', [url]);
      fake.failMedia(url, null);
      later(60_000);
      expect(await pass()).toMatchObject({ stored: 1 });
      const deps = webhookDeps(t.services);
      const bodies = () => [...receiver.accepted.values()].map((r) => r.body);
      for (let waited = 0; bodies().length < 1; waited += 50) {
        if (waited > 20_000) throw new Error('the message.updated delivery did not arrive');
        await runWebhookTick(deps);
        await new Promise((r) => setTimeout(r, 50));
      }
      const [body] = bodies();
      expect(body).toMatchObject({ type: 'message.updated', data: { changed: ['attachments'], message: { id: stored.id } } });
      expect(body!.data.message.attachments).toEqual([expect.objectContaining({ pending: false, size: photo.byteLength, url: expect.stringMatching(/^\/api\/attachments\//) })]);
      expect([...receiver.accepted.values()][0]!.verifiedBy).toEqual([0]);
    } finally {
      receiver.stop();
    }
  });
});
