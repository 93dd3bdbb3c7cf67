import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Channel } from '../channel.ts';
import { makeChannelContext } from '../testing/make-channel-context.ts';
import { MemorySink } from '../testing/memory-sink.ts';
import { smsDriver, type SmsConfig } from './index.ts';
import { FakeTwilio } from './testing/fake-twilio.ts';
import { ACCOUNT_SID, AUTH_TOKEN, CUSTOMER, inboundParams, OUR_NUMBER, PUBLIC_BASE } from './testing/fixtures.ts';
import { signedRequest } from './testing/signed-request.ts';

describe('sms webhooks', () => {
  let fake: FakeTwilio;
  let sink: MemorySink;
  let channel: Channel;

  const inbound = (params: Record<string, string>, signature?: string) =>
    channel.handleWebhook!(signedRequest({ authToken: AUTH_TOKEN, publicUrl: `${PUBLIC_BASE}/sms`, subPath: '/sms', params, signature }));
  const status = (params: Record<string, string>) => channel.handleWebhook!(signedRequest({ authToken: AUTH_TOKEN, publicUrl: `${PUBLIC_BASE}/status`, subPath: '/status', params }));

  beforeAll(async () => {
    fake = await new FakeTwilio(ACCOUNT_SID, AUTH_TOKEN).start();
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    sink = new MemorySink();
    const config = { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: OUR_NUMBER, maxAttachmentBytes: 1000 } as SmsConfig;
    channel = smsDriver.create(makeChannelContext('sms', config, { sink }));
  });

  it('stores a signed inbound SMS keyed by MessageSid and answers empty TwiML', async () => {
    const params = inboundParams('Kargom nerede?');
    const response = await inbound(params);
    expect(response).toEqual({ status: 200, body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>', contentType: 'text/xml' });
    expect(sink.messages[0]).toMatchObject({
      idempotencyKey: params.MessageSid,
      externalId: params.MessageSid,
      from: { identities: [{ kind: 'phone', value: CUSTOMER }] },
      text: 'Kargom nerede?',
      metadata: { to: OUR_NUMBER, fromCountry: 'TR' },
    });
    expect(sink.messages[0]!.consent).toBeUndefined();
  });

  it('answers 403 and stores nothing for a bad or missing signature', async () => {
    expect((await inbound(inboundParams('sahte'), 'bm90IGEgc2lnbmF0dXJl')).status).toBe(403);
    expect((await inbound(inboundParams('sahte'), '')).status).toBe(403);
    // Signed for other params: a tampered body fails too.
    const signedFor = signedRequest({ authToken: AUTH_TOKEN, publicUrl: `${PUBLIC_BASE}/sms`, subPath: '/sms', params: inboundParams('a') });
    expect((await channel.handleWebhook!({ ...signedFor, rawBody: new URLSearchParams(inboundParams('b')).toString() })).status).toBe(403);
    // Signed over the local URL instead of the public one (what a proxy would break).
    const local = signedRequest({ authToken: AUTH_TOKEN, publicUrl: 'http://127.0.0.1:3000/webhooks/twilio/ch_1/sms', subPath: '/sms', params: inboundParams('c') });
    expect((await channel.handleWebhook!({ ...local, publicUrl: `${PUBLIC_BASE}/sms` })).status).toBe(403);
    expect(sink.calls).toHaveLength(0);
  });

  it('leaves reading STOP to the ingest service, which does it for every channel', async () => {
    await inbound(inboundParams('STOP'));
    expect(sink.messages.map((m) => [m.text, m.consent])).toEqual([['STOP', undefined]]);
  });

  it('copies MMS media with basic auth, refusing oversize and failed downloads but keeping the message', async () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    const photoUrl = fake.addMedia(jpeg, 'image/jpeg');
    const bigUrl = fake.addMedia(new Uint8Array(5000), 'video/mp4');
    const goneUrl = `${fake.baseUrl}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MMx/Media/MEgone`;
    const params = inboundParams('fotoğraf ekte', {
      NumMedia: '3',
      MediaUrl0: photoUrl,
      MediaContentType0: 'image/jpeg',
      MediaUrl1: bigUrl,
      MediaContentType1: 'video/mp4',
      MediaUrl2: goneUrl,
      MediaContentType2: 'image/png',
    });
    expect((await inbound(params)).status).toBe(200);
    const [photo, big, gone] = sink.messages[0]!.attachments!;
    expect(photo).toMatchObject({ filename: `${photoUrl.split('/').pop()}.jpg`, contentType: 'image/jpeg', size: jpeg.byteLength });
    expect(photo!.content).toEqual(jpeg);
    expect(big!.refused?.reason).toContain('size limit');
    expect(big!.content).toBeUndefined();
    expect(gone!.refused?.reason).toContain('download failed');
    const basic = `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`;
    expect(fake.mediaRequests.find((r) => photoUrl.endsWith(r.path))!.authorization).toBe(basic);
  });

  it('keeps the message when Twilio cannot serve a file for now, naming where to fetch it again, and fetches it then', async () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 4, 5]);
    const url = fake.addMedia(jpeg, 'image/jpeg');
    fake.failMedia(url, 503);
    expect((await inbound(inboundParams('kutu hasarlı', { NumMedia: '1', MediaUrl0: url, MediaContentType0: 'image/jpeg' }))).status).toBe(200);
    const [waiting] = sink.messages[0]!.attachments!;
    const facts = { filename: `${url.split('/').pop()}.jpg`, contentType: 'image/jpeg' };
    expect(waiting).toEqual({ ...facts, size: 0, fetchAgain: { source: url, reason: 'download failed: HTTP 503' } });
    // Still failing: a retryable error, not a refusal. Back: the file, with the account's auth.
    await expect(channel.fetchAttachment!(url, facts)).rejects.toMatchObject({ code: 'TEMPORARY', retryable: true });
    fake.failMedia(url, null);
    expect(await channel.fetchAttachment!(url, facts)).toEqual({ ...facts, size: jpeg.byteLength, content: jpeg });
    fake.failMedia(url, 404);
    expect((await channel.fetchAttachment!(url, facts)).refused).toEqual({ reason: 'download failed: HTTP 404' });
    fake.failMedia(url, null);
  });

  it('turns status callbacks into delivery updates, with failures mapped to our codes', async () => {
    expect((await status({ MessageSid: 'SM1', MessageStatus: 'sending', AccountSid: ACCOUNT_SID })).status).toBe(204);
    await status({ MessageSid: 'SM1', MessageStatus: 'sent', AccountSid: ACCOUNT_SID });
    await status({ MessageSid: 'SM1', MessageStatus: 'delivered', AccountSid: ACCOUNT_SID });
    await status({ MessageSid: 'SM2', MessageStatus: 'undelivered', ErrorCode: '30005', AccountSid: ACCOUNT_SID });
    await status({ MessageSid: 'SM3', MessageStatus: 'failed', ErrorCode: '21610', AccountSid: ACCOUNT_SID });
    expect(sink.updates.map(({ externalId, status, error }) => ({ externalId, status, code: error?.code }))).toEqual([
      { externalId: 'SM1', status: 'sent', code: undefined },
      { externalId: 'SM1', status: 'delivered', code: undefined },
      { externalId: 'SM2', status: 'failed', code: 'INVALID_RECIPIENT' },
      { externalId: 'SM3', status: 'failed', code: 'OPTED_OUT' },
    ]);
  });

  it('rejects unsigned status callbacks and unknown paths', async () => {
    const request = signedRequest({ authToken: 'wrong-token', publicUrl: `${PUBLIC_BASE}/status`, subPath: '/status', params: { MessageSid: 'SM9', MessageStatus: 'delivered' } });
    expect((await channel.handleWebhook!(request)).status).toBe(403);
    expect((await channel.handleWebhook!({ ...request, subPath: '/other' })).status).toBe(404);
    expect(sink.updates).toHaveLength(0);
  });
});
