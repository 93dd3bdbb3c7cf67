import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeChannelContext } from '../testing/make-channel-context.ts';
import { createSmsDriver, type SmsConfig } from './index.ts';
import { FakeTwilio } from './testing/fake-twilio.ts';
import { ACCOUNT_SID, AUTH_TOKEN, OUR_NUMBER } from './testing/fixtures.ts';

const SERVICE_SID = `MG${'3'.repeat(32)}`;

describe('activating an SMS channel', () => {
  let fake: FakeTwilio;
  const driver = createSmsDriver({ clientFactory: (sid, token) => twilio(sid, token, { httpClient: fake.httpClient() }) });
  const channelWith = (config: Partial<SmsConfig>, publicUrl?: string) =>
    driver.create(makeChannelContext('sms', { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, ...config } as SmsConfig, { channelId: 'ch_9', ...(publicUrl ? { publicUrl } : {}) }));

  beforeAll(async () => {
    fake = await new FakeTwilio(ACCOUNT_SID, AUTH_TOKEN).start();
    fake.addNumber(OUR_NUMBER);
    fake.addNumber('+905329999999');
    fake.addService(SERVICE_SID);
  });
  afterAll(() => fake.close());

  it("points the sender number's incoming messages at this channel, leaving the account's other numbers alone", async () => {
    await channelWith({ from: OUR_NUMBER }).activate!();
    expect(fake.numbers.get(OUR_NUMBER)).toMatchObject({ smsUrl: 'https://ulak.example.com/webhooks/twilio/ch_9/sms', smsMethod: 'POST' });
    expect(fake.numbers.get('+905329999999')!.smsUrl).toBeNull();
  });

  it("points a Messaging Service's incoming messages at this channel", async () => {
    await channelWith({ messagingServiceSid: SERVICE_SID }).activate!();
    expect(fake.services.get(SERVICE_SID)).toEqual({ inboundRequestUrl: 'https://ulak.example.com/webhooks/twilio/ch_9/sms', useInboundWebhookOnNumber: false });
  });

  it('says so when the sender number is not in the account', async () => {
    await expect(channelWith({ from: '+905551112233' }).activate!()).rejects.toMatchObject({ code: 'CONFIG', message: '+905551112233 is not a number of this Twilio account' });
  });

  it('refuses to point Twilio at an address it cannot reach, before calling it', async () => {
    const before = fake.requests.length;
    await expect(channelWith({ from: OUR_NUMBER }, 'http://localhost:3000').activate!()).rejects.toMatchObject({ code: 'CONFIG', message: expect.stringContaining('ULAK_PUBLIC_URL') });
    expect(fake.requests.length).toBe(before);
  });

  it('reports a wrong auth token as AUTH', async () => {
    const wrong = driver.create(makeChannelContext('sms', { accountSid: ACCOUNT_SID, authToken: 'nope', from: OUR_NUMBER } as SmsConfig, { channelId: 'ch_9' }));
    await expect(wrong.activate!()).rejects.toMatchObject({ code: 'AUTH' });
  });
});
