// The SMS channel end to end through the server: signed Twilio webhooks in, replies out through the SDK, receipts forward-only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeTwilio } from '../../connectors/sms/testing/fake-twilio.ts';
import { ACCOUNT_SID, AUTH_TOKEN, CUSTOMER, OUR_NUMBER, inboundParams } from '../../connectors/sms/testing/fixtures.ts';
import { smsApp } from '../support/sms-app.ts';
import type { Client, TestApp } from '../support/test-app.ts';
import { eventually } from '../support/api-channel.ts';

describe('SMS through the server', () => {
  let sms: Awaited<ReturnType<typeof smsApp>>;
  let fake: FakeTwilio;
  let t: TestApp;
  let admin: Client;
  let channelId: string;
  let twilioPost: (typeof sms)['twilioPost'];

  beforeAll(async () => {
    sms = await smsApp({ workers: true });
    ({ fake, t, admin, channelId, twilioPost } = sms);
  });
  afterAll(() => sms.close());

  const conversations = async () => (await admin.ok('GET', '/api/conversations')).items;

  it('never returns the auth token in full', async () => {
    const channel = await admin.ok('GET', `/api/channels/${channelId}`);
    expect(JSON.stringify(channel)).not.toContain(AUTH_TOKEN);
    expect(channel.webhookUrl).toBe(`https://ulak.test/webhooks/twilio/${channelId}/sms`);
  });

  it('points the Twilio number at its own inbound address when the admin registers the webhook', async () => {
    fake.addNumber(OUR_NUMBER);
    await admin.ok('POST', `/api/channels/${channelId}/activate`);
    expect(fake.numbers.get(OUR_NUMBER)).toMatchObject({ smsUrl: `https://ulak.test/webhooks/twilio/${channelId}/sms`, smsMethod: 'POST' });
  });

  it('stores a signed inbound SMS once, however often Twilio redelivers it', async () => {
    const params = inboundParams('Merhaba, siparişim nerede?');
    for (let i = 0; i < 3; i++) {
      const r = await twilioPost('sms', params);
      expect(r.status).toBe(200);
      expect(r.text).toContain('<Response></Response>');
    }
    const [conv] = await conversations();
    const messages = (await admin.ok('GET', `/api/conversations/${conv.id}/messages`)).items;
    expect(messages.map((m: any) => m.text)).toEqual(['Merhaba, siparişim nerede?']);
    const contact = await admin.ok('GET', `/api/contacts/${conv.contact.id}`);
    expect(contact.identities.map((i: any) => `${i.kind}:${i.value}`)).toEqual([`phone:${CUSTOMER}`]);
  });

  it('answers a bad signature with 403 and stores nothing', async () => {
    const before = (await conversations()).length;
    const r = await twilioPost('sms', inboundParams('forged', { From: '+905559998877' }), 'bm90IGEgc2lnbmF0dXJl');
    expect(r.status).toBe(403);
    expect(await conversations()).toHaveLength(before);
  });

  it('sends a reply through Twilio to the customer and applies receipts forward only', async () => {
    const [conv] = await conversations();
    const reply = await admin.ok('POST', `/api/conversations/${conv.id}/messages`, { text: 'Yarın teslim edilecek' });
    const sent = await eventually(async () => {
      const m = (await admin.ok('GET', `/api/conversations/${conv.id}/messages`)).items.find((x: any) => x.id === reply.id);
      return m.status === 'sent' && m;
    });
    const request = fake.requests.find((r) => r.params.Body === 'Yarın teslim edilecek')!;
    expect(request.params).toMatchObject({ To: CUSTOMER, From: OUR_NUMBER, StatusCallback: `https://ulak.test/webhooks/twilio/${channelId}/status` });
    const sid = (await t.database.db.query.messages.findFirst({ where: (m, { eq }) => eq(m.id, sent.id) }))!.externalId!;
    expect((await twilioPost('status', { MessageSid: sid, MessageStatus: 'delivered', AccountSid: ACCOUNT_SID })).status).toBeLessThan(300);
    await twilioPost('status', { MessageSid: sid, MessageStatus: 'sent', AccountSid: ACCOUNT_SID });
    const after = (await admin.ok('GET', `/api/conversations/${conv.id}/messages`)).items.find((x: any) => x.id === reply.id);
    expect(after.status).toBe('delivered');
  });

  it('sends an uploaded photo as MMS media that Twilio fetches from a signed public link, no session needed', async () => {
    const [conv] = await conversations();
    const photo = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    const file = (await admin.upload('kargo.jpg', photo, 'image/jpeg')).body;
    const reply = await admin.ok('POST', `/api/conversations/${conv.id}/messages`, { text: 'Fotoğraf ekte', attachmentIds: [file.id] });
    await eventually(async () => (await admin.ok('GET', `/api/conversations/${conv.id}/messages`)).items.find((x: any) => x.id === reply.id).status === 'sent');
    const request = fake.requests.find((r) => r.params.Body === 'Fotoğraf ekte')!;
    expect(request.mediaUrls).toEqual([expect.stringMatching(new RegExp(`^https://ulak\\.test/api/files/${file.id}\\?exp=\\d+&sig=[0-9a-f]{64}$`))]);
    const media = new URL(request.mediaUrls[0]!);
    const fetched = await t.app.request(media.pathname + media.search);
    expect(fetched.status).toBe(200);
    expect(new Uint8Array(await fetched.arrayBuffer())).toEqual(photo);
  });

  it('fails an MMS with a CONFIG error when there is no public URL for Twilio to fetch from', async () => {
    const [conv] = await conversations();
    const fileUrl = t.services.send.fileUrl;
    t.services.send.fileUrl = undefined; // as when ULAK_PUBLIC_URL is not set
    try {
      const file = (await admin.upload('kargo.jpg', new Uint8Array([0xff, 0xd8, 0xff]), 'image/jpeg')).body;
      const reply = await admin.ok('POST', `/api/conversations/${conv.id}/messages`, { text: 'no url', attachmentIds: [file.id] });
      const failed = await eventually(async () => {
        const m = (await admin.ok('GET', `/api/conversations/${conv.id}/messages`)).items.find((x: any) => x.id === reply.id);
        return m.status === 'failed' && m;
      });
      expect(failed.error).toEqual({ code: 'CONFIG', message: 'MMS needs a public address for Twilio to fetch the files from: set ULAK_PUBLIC_URL' });
      expect(fake.requests.some((r) => r.params.Body === 'no url')).toBe(false);
    } finally {
      t.services.send.fileUrl = fileUrl;
    }
  });

  it('refuses, when the reply is written, files an MMS can never carry, and the upload stays usable', async () => {
    const [conv] = await conversations();
    const big = (await admin.upload('katalog.pdf', new Uint8Array(6 * 1024 * 1024), 'application/pdf')).body;
    const refused = await admin.call('POST', `/api/conversations/${conv.id}/messages`, { text: 'Katalog ekte', attachmentIds: [big.id] });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toEqual({ code: 'attachment_not_sendable', message: '"katalog.pdf" is 6 MB, over the 5 MB limit for an MMS' });
    expect(fake.requests.some((r) => r.params.Body === 'Katalog ekte')).toBe(false);
    // Nothing was stored: the same upload can still go into a private note.
    expect((await admin.call('POST', `/api/conversations/${conv.id}/messages`, { text: 'PDF for the team', private: true, attachmentIds: [big.id] })).status).toBe(201);
  });

  it('sends a failed reply again when the agent retries it, once the problem is fixed', async () => {
    const [conv] = await conversations();
    fake.failNext({ status: 401, code: 20003, message: 'Authenticate' });
    const reply = await admin.ok('POST', `/api/conversations/${conv.id}/messages`, { text: 'Tekrar deneyelim' });
    const statusOf = async () => (await admin.ok('GET', `/api/conversations/${conv.id}/messages`)).items.find((x: any) => x.id === reply.id);
    expect(
      await eventually(async () => {
        const m = await statusOf();
        return m.status === 'failed' && m;
      }),
    ).toMatchObject({ error: { code: 'AUTH' } });
    expect((await admin.call('POST', `/api/messages/${reply.id}/retry`)).status).toBe(200);
    await eventually(async () => (await statusOf()).status === 'sent');
    expect(fake.requests.filter((r) => r.params.Body === 'Tekrar deneyelim')).toHaveLength(2); // the refused call, then the retry
    expect((await admin.call('POST', `/api/messages/${reply.id}/retry`)).body.error.code).toBe('not_failed');
  });

  it('records STOP as an SMS opt-out on the contact', async () => {
    await twilioPost('sms', inboundParams('STOP'));
    const [conv] = await conversations();
    const contact = await admin.ok('GET', `/api/contacts/${conv.contact.id}`);
    expect(contact.consents).toEqual([expect.objectContaining({ channel: 'sms', status: 'opted_out' })]);
  });
});
