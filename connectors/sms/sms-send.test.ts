import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeChannelContext } from '../testing/make-channel-context.ts';
import { createSmsDriver, type SmsConfig } from './index.ts';
import { FakeTwilio } from './testing/fake-twilio.ts';
import { ACCOUNT_SID, AUTH_TOKEN, CUSTOMER, OUR_NUMBER } from './testing/fixtures.ts';

const SERVICE_SID = `MG${'2'.repeat(32)}`;

describe('sms send', () => {
  let fake: FakeTwilio;
  const driver = createSmsDriver({ clientFactory: (sid, token) => twilio(sid, token, { httpClient: fake.httpClient() }) });
  const channelWith = (config: Partial<SmsConfig>) => driver.create(makeChannelContext('sms', { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, ...config } as SmsConfig, { channelId: 'ch_7' }));
  const to = { kind: 'phone' as const, value: CUSTOMER };

  beforeAll(async () => {
    fake = await new FakeTwilio(ACCOUNT_SID, AUTH_TOKEN).start();
  });
  afterAll(() => fake.close());

  it('posts To, From, Body and our status callback URL with basic auth, returning the SM sid', async () => {
    const result = await channelWith({ from: OUR_NUMBER }).send({ id: 'msg_1', to, text: 'Siparişiniz kargoda.' });
    const request = fake.requests.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    expect(request.userAgent).toMatch(/^twilio-node\//);
    expect(request.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`);
    expect(request.params).toEqual({
      To: CUSTOMER,
      From: OUR_NUMBER,
      Body: 'Siparişiniz kargoda.',
      StatusCallback: 'https://ulak.example.com/webhooks/twilio/ch_7/status',
    });
    expect(result).toEqual({ externalId: expect.stringMatching(/^SM[0-9a-f]{32}$/), status: 'queued' });
  });

  it("reaches a Twilio-compatible API at the channel's apiRoot, with nothing injected", async () => {
    const channel = createSmsDriver().create(
      makeChannelContext('sms', { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: OUR_NUMBER, apiRoot: `${fake.baseUrl}/` } as SmsConfig, { channelId: 'ch_8' }),
    );
    const result = await channel.send({ id: 'msg_root', to, text: 'Merhaba' });
    expect(fake.requests.at(-1)).toMatchObject({ method: 'POST', path: `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`, params: { To: CUSTOMER, From: OUR_NUMBER, Body: 'Merhaba' } });
    expect(result.externalId).toMatch(/^SM[0-9a-f]{32}$/);
  });

  it('sends through a Messaging Service instead of a number when configured', async () => {
    await channelWith({ messagingServiceSid: SERVICE_SID }).send({ id: 'msg_2', to, text: 'x' });
    expect(fake.requests.at(-1)!.params).toMatchObject({ MessagingServiceSid: SERVICE_SID });
    expect(fake.requests.at(-1)!.params.From).toBeUndefined();
  });

  it('maps an unsubscribed recipient to a final OPTED_OUT error', async () => {
    fake.failNext({ status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });
    await expect(channelWith({ from: OUR_NUMBER }).send({ id: 'msg_3', to, text: 'x' })).rejects.toMatchObject({ code: 'OPTED_OUT', retryable: false });
  });

  it('maps a wrong auth token to AUTH', async () => {
    const channel = driver.create(makeChannelContext('sms', { accountSid: ACCOUNT_SID, authToken: 'wrong', from: OUR_NUMBER } as SmsConfig));
    await expect(channel.send({ id: 'msg_4', to, text: 'x' })).rejects.toMatchObject({ code: 'AUTH' });
    expect((await channel.test!()).ok).toBe(false);
  });

  it('sends files as MMS media through the signed public links, text optional', async () => {
    const attachments = [
      { filename: 'foto.jpg', contentType: 'image/jpeg', content: new Uint8Array([1]), url: 'https://ulak.example.com/api/files/f1?exp=1&sig=a' },
      { filename: 'fatura.pdf', contentType: 'application/pdf', content: new Uint8Array([2]), url: 'https://ulak.example.com/api/files/f2?exp=1&sig=b' },
    ];
    await channelWith({ from: OUR_NUMBER }).send({ id: 'msg_5', to, text: '', attachments });
    const request = fake.requests.at(-1)!;
    expect(request.mediaUrls).toEqual(attachments.map((a) => a.url));
    expect(request.params).toMatchObject({ To: CUSTOMER, From: OUR_NUMBER, Body: '' });
  });

  it('refuses media over the MMS limits, or without a public URL, before calling Twilio', async () => {
    const before = fake.requests.length;
    const file = (name: string, bytes: number) => ({ filename: name, contentType: 'image/jpeg', content: new Uint8Array(bytes), url: `https://u/${name}` });
    const channel = channelWith({ from: OUR_NUMBER });
    await expect(channel.send({ id: 'msg_6', to, text: 'x', attachments: [file('big.jpg', 6 * 1024 * 1024)] })).rejects.toMatchObject({
      code: 'INVALID',
      retryable: false,
      message: '"big.jpg" is 6 MB, over the 5 MB limit for an MMS',
    });
    await expect(channel.send({ id: 'msg_7', to, text: 'x', attachments: [file('a.jpg', 3 * 1024 * 1024), file('b.jpg', 3 * 1024 * 1024)] })).rejects.toMatchObject({
      code: 'INVALID',
      message: 'These 2 files are 6 MB together, over the 5 MB limit for an MMS',
    });
    await expect(channel.send({ id: 'msg_8', to, text: 'x', attachments: [{ ...file('a.jpg', 10), url: undefined }] })).rejects.toMatchObject({
      code: 'CONFIG',
      message: 'MMS needs a public address for Twilio to fetch the files from: set ULAK_PUBLIC_URL',
    });
    expect(fake.requests.length).toBe(before);
  });

  it('checks the credentials against the account', async () => {
    expect(await channelWith({ from: OUR_NUMBER }).test!()).toEqual({ ok: true, checks: [{ name: 'credentials', ok: true, message: 'account Ulak Test (active)' }] });
  });

  it('rejects a config with both or neither sender', () => {
    const base = { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN };
    expect(driver.configSchema.safeParse({ ...base }).success).toBe(false);
    expect(driver.configSchema.safeParse({ ...base, from: OUR_NUMBER, messagingServiceSid: SERVICE_SID }).success).toBe(false);
    expect(driver.configSchema.safeParse({ ...base, from: OUR_NUMBER }).success).toBe(true);
  });
});
