// Attachments in an S3-compatible store, through the whole server: an inbound MMS photo lands in the bucket and is
// served to agents and through a signed link; an agent's upload goes to the bucket and out as MMS media; a store
// that stops taking our keys answers 503 with our code, never a 500.
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import twilio from 'twilio';
import { createSmsDriver } from '../../connectors/sms/index.ts';
import { FakeTwilio } from '../../connectors/sms/testing/fake-twilio.ts';
import { ACCOUNT_SID, AUTH_TOKEN, OUR_NUMBER, inboundParams } from '../../connectors/sms/testing/fixtures.ts';
import { attachments, fileDeletions } from '../../server/db/schema/index.ts';
import { DELETION_RETRY_MS, deleteQueuedFiles } from '../../server/files/delete-files.ts';
import { signedFileUrl } from '../../server/files/signed-file-url.ts';
import { storeSpooledInbound } from '../../server/inbound/inbound-spool.ts';
import { createServices } from '../../server/services.ts';
import { loadConfig } from '../../server/config.ts';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';
import { eventually } from '../support/api-channel.ts';
import { startFakeS3, type FakeS3 } from '../support/fake-s3.ts';

const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1, 2, 3, 4, 5]);
const pdf = new TextEncoder().encode('%PDF-1.4 fatura 2002');

describe('attachments in an S3-compatible store', () => {
  const twilioFake = new FakeTwilio(ACCOUNT_SID, AUTH_TOKEN);
  let s3: FakeS3;
  let t: TestApp;
  let admin: Client;
  let channelId: string;

  beforeAll(async () => {
    await twilioFake.start();
    s3 = startFakeS3();
    t = await createTestApp({
      workers: true,
      storage: 'config',
      env: s3.env({ ULAK_S3_PREFIX: 'ulak' }),
      drivers: { sms: createSmsDriver({ clientFactory: (sid, token) => twilio(sid, token, { httpClient: twilioFake.httpClient() }) }) },
    });
    admin = await Client.admin(t.app);
    channelId = (await admin.ok('POST', '/api/channels', { kind: 'sms', name: 'SMS', config: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: OUR_NUMBER } })).id;
  });
  afterAll(async () => {
    await t.close();
    await twilioFake.close();
    s3.stop();
  });

  const objectOf = async (attachmentId: string) => {
    const [row] = await t.database.db.select().from(attachments).where(eq(attachments.id, attachmentId));
    return s3.objects.get(`ulak/${row!.storageKey}`);
  };

  const spoolPass = () => storeSpooledInbound(t.services, join(t.services.config.dataDir, 'spool'));

  async function inboundMms(text: string, media: Uint8Array) {
    const path = `/webhooks/twilio/${channelId}/sms`;
    const params = inboundParams(text, { NumMedia: '1', MediaUrl0: twilioFake.addMedia(media, 'image/jpeg'), MediaContentType0: 'image/jpeg' });
    const res = await t.app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, `https://ulak.test${path}`, params) },
      body: new URLSearchParams(params).toString(),
    });
    return res;
  }

  it('stores an inbound photo in the bucket and serves it to agents and through a signed link', async () => {
    expect((await inboundMms('kargo hasarlı geldi', jpeg)).status).toBe(200);
    const [conv] = (await admin.ok('GET', '/api/conversations')).items;
    const [message] = (await admin.ok('GET', `/api/conversations/${conv.id}/messages`)).items;
    const [file] = message.attachments;
    expect(file).toMatchObject({ contentType: 'image/jpeg', size: jpeg.byteLength, url: `/api/attachments/${file.id}`, refused: null });
    expect((await objectOf(file.id))?.body).toEqual(jpeg);
    expect([...s3.objects.keys()].every((k) => /^ulak\/\d{4}\/\d{2}\/[0-9a-f-]{36}$/.test(k))).toBe(true);

    const gets = s3.requests.filter((r) => r.method === 'GET').length;
    const download = await admin.raw('GET', file.url);
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(jpeg);
    const { config } = t.services;
    const link = new URL(signedFileUrl({ publicUrl: config.publicUrl, secretKey: config.secretKey, now: new Date() }, file.id));
    const viaLink = await new Client(t.app).raw('GET', link.pathname + link.search);
    expect(viaLink.status).toBe(200);
    expect(viaLink.headers.get('content-type')).toBe('image/jpeg');
    expect(viaLink.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect(new Uint8Array(await viaLink.arrayBuffer())).toEqual(jpeg);
    // Both downloads came from the bucket, through the app: the bucket itself is never exposed.
    expect(s3.requests.filter((r) => r.method === 'GET').length).toBe(gets + 2);
  });

  it('reads only the range a player asks for from the bucket, and only the size for HEAD', async () => {
    const [conv] = (await admin.ok('GET', '/api/conversations')).items;
    const [file] = (await admin.ok('GET', `/api/conversations/${conv.id}/messages`)).items.flatMap((m: any) => m.attachments);
    const seen = s3.requests.length;
    const part = await admin.raw('GET', file.url, undefined, { range: 'bytes=2-5' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 2-5/${jpeg.byteLength}`);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(jpeg.slice(2, 6));
    const head = await admin.raw('HEAD', file.url);
    expect(head.headers.get('content-length')).toBe(String(jpeg.byteLength));
    const asked = s3.requests.slice(seen).map((r) => ({ method: r.method, range: r.headers.range, status: r.status }));
    expect(asked).toEqual([
      { method: 'HEAD', range: undefined, status: 200 },
      { method: 'GET', range: 'bytes=2-5', status: 206 },
      { method: 'HEAD', range: undefined, status: 200 },
    ]);
  });

  it('keeps an upload in the bucket and sends it as MMS media that Twilio fetches through the signed link', async () => {
    const [conv] = (await admin.ok('GET', '/api/conversations')).items;
    const form = new FormData();
    form.set('file', new File([pdf], 'fatura.pdf'));
    const uploaded = await admin.call('POST', '/api/uploads', form);
    expect(uploaded.status).toBe(201);
    expect((await t.database.db.select().from(attachments).where(eq(attachments.id, uploaded.body.id))).length).toBe(0);
    const reply = await admin.ok('POST', `/api/conversations/${conv.id}/messages`, { text: 'Faturanız ekte', attachmentIds: [uploaded.body.id] });
    expect((await objectOf(uploaded.body.id))?.body).toEqual(pdf);
    const request = await eventually(() => twilioFake.requests.find((r) => r.params.Body === 'Faturanız ekte'));
    expect(request.mediaUrls).toHaveLength(1);
    const media = new URL(request.mediaUrls[0]!);
    const fetched = await new Client(t.app).raw('GET', media.pathname + media.search);
    expect(fetched.status).toBe(200);
    expect(new Uint8Array(await fetched.arrayBuffer())).toEqual(pdf);
    await eventually(async () => (await admin.ok('GET', `/api/conversations/${conv.id}/messages`)).items.find((m: any) => m.id === reply.id).status === 'sent');
  });

  it('never sends a reply without its file: a file missing from the bucket fails the send, which goes whole once it is back', async () => {
    const [conv] = (await admin.ok('GET', '/api/conversations')).items;
    const before = new Set(s3.objects.keys());
    const form = new FormData();
    form.set('file', new File([pdf], 'kayıp.pdf'));
    const uploaded = await admin.ok('POST', '/api/uploads', form);
    const key = [...s3.objects.keys()].find((k) => !before.has(k))!;
    const object = s3.objects.get(key)!;
    // As during a move from disk to the bucket that has not reached this file yet.
    s3.objects.delete(key);
    const reply = await admin.ok('POST', `/api/conversations/${conv.id}/messages`, { text: 'Dosya ekte', attachmentIds: [uploaded.id] });
    const failed = await eventually(async () => {
      const m = (await admin.ok('GET', `/api/conversations/${conv.id}/messages`)).items.find((x: any) => x.id === reply.id);
      return m.status === 'failed' ? m : undefined;
    });
    expect(failed.error).toEqual({ code: 'TEMPORARY', message: 'The file kayıp.pdf is missing from file storage' });
    expect(twilioFake.requests.filter((r) => r.params.Body === 'Dosya ekte')).toEqual([]);

    s3.objects.set(key, object);
    await admin.ok('POST', `/api/messages/${reply.id}/retry`);
    const request = await eventually(() => twilioFake.requests.find((r) => r.params.Body === 'Dosya ekte'));
    expect(request.mediaUrls).toHaveLength(1);
    await eventually(async () => (await admin.ok('GET', `/api/conversations/${conv.id}/messages`)).items.find((m: any) => m.id === reply.id).status === 'sent');
  });

  it('answers 503 storage_refused, never a 500, when the store stops taking our keys, keeps an inbound MMS meanwhile, and recovers when it does again', async () => {
    const [conv] = (await admin.ok('GET', '/api/conversations')).items;
    const [message] = (await admin.ok('GET', `/api/conversations/${conv.id}/messages`)).items;
    const secret = s3.secretAccessKey;
    s3.secretAccessKey = 'rotated-by-the-store-admin';
    try {
      const form = new FormData();
      form.set('file', new File([pdf], 'fatura.pdf'));
      const refused = await admin.call('POST', '/api/uploads', form);
      expect(refused).toEqual({
        status: 503,
        body: { error: { code: 'storage_refused', message: 'File storage refused our request (SignatureDoesNotMatch); an administrator must check the ULAK_S3_* settings' } },
      });
      expect(await admin.call('GET', message.attachments[0].url)).toMatchObject({ status: 503, body: { error: { code: 'storage_refused' } } });
      // Twilio never sends an MMS again after its 15 s: it waits in the spool, answered, instead of being refused.
      expect((await inboundMms('ikinci foto', jpeg)).status).toBe(200);
      expect(await spoolPass()).toMatchObject({ stored: 0, left: 1 });
    } finally {
      s3.secretAccessKey = secret;
    }
    expect((await admin.raw('GET', message.attachments[0].url)).status).toBe(200);
    expect(await spoolPass()).toMatchObject({ stored: 1, left: 0 });
    const stored = (await admin.ok('GET', `/api/conversations/${conv.id}/messages`)).items.find((m: any) => m.text === 'ikinci foto');
    expect(Buffer.from(await (await admin.raw('GET', stored.attachments[0].url)).arrayBuffer())).toEqual(Buffer.from(jpeg));
  });

  it("erases a contact's files from the bucket with the contact (GDPR erasure), also when the bucket refuses at that moment", async () => {
    const [conv] = (await admin.ok('GET', '/api/conversations')).items;
    const files = await t.database.db.select().from(attachments);
    const keys = files.filter((f) => f.storageKey).map((f) => `ulak/${f.storageKey}`);
    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(keys.every((k) => s3.objects.has(k))).toBe(true);
    s3.refuseDeletes(1);
    await admin.ok('DELETE', `/api/contacts/${conv.contact.id}`);
    // The one file the bucket refused stays queued, and goes on a later sweep once the bucket takes deletions again.
    expect(keys.filter((k) => s3.objects.has(k))).toHaveLength(1);
    expect(await t.database.db.select({ attempts: fileDeletions.attempts }).from(fileDeletions)).toEqual([{ attempts: 1 }]);
    await deleteQueuedFiles({ ...t.services, now: () => new Date(Date.now() + DELETION_RETRY_MS) });
    expect(keys.filter((k) => s3.objects.has(k))).toEqual([]);
    expect(await t.database.db.select().from(fileDeletions)).toEqual([]);
  });

  it('refuses to start on keys the store does not accept, naming the store and the setting', async () => {
    const config = loadConfig({ ULAK_SECRET_KEY: 'ab'.repeat(32), ULAK_DATA_DIR: '/nonexistent/ulak-s3', ...s3.env({ ULAK_S3_SECRET_ACCESS_KEY: 'wrong' }) });
    await expect(createServices(config)).rejects.toThrow(
      `File storage s3://ulak-files/ at ${s3.endpoint} cannot be used: SignatureDoesNotMatch (The request signature we calculated does not match the signature you provided. Check your key and signing method.) — ULAK_S3_SECRET_ACCESS_KEY does not match ULAK_S3_ACCESS_KEY_ID.`,
    );
  });
});
