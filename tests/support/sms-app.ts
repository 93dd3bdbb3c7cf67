// A real Ulak app with an SMS channel whose Twilio is a local fake speaking Twilio's REST wire format, and Twilio's
// side of the webhooks: form posts signed over the public URL, as Twilio signs them.
import twilio from 'twilio';
import { createSmsDriver } from '../../connectors/sms/index.ts';
import { FakeTwilio } from '../../connectors/sms/testing/fake-twilio.ts';
import { ACCOUNT_SID, AUTH_TOKEN, OUR_NUMBER } from '../../connectors/sms/testing/fixtures.ts';
import { Client, createTestApp, type TestAppOptions } from './test-app.ts';

export async function smsApp(options: Omit<TestAppOptions, 'drivers'> = {}) {
  const fake = await new FakeTwilio(ACCOUNT_SID, AUTH_TOKEN).start();
  const t = await createTestApp({ ...options, drivers: { sms: createSmsDriver({ clientFactory: (sid, token) => twilio(sid, token, { httpClient: fake.httpClient() }) }) } });
  const admin = await Client.admin(t.app);
  const channelId: string = (await admin.ok('POST', '/api/channels', { kind: 'sms', name: 'SMS', config: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: OUR_NUMBER } })).id;

  /** Posts form params to the channel's Twilio webhook path, signed over the public URL as Twilio would. */
  async function twilioPost(subPath: 'sms' | 'status', params: Record<string, string>, signature?: string) {
    const path = `/webhooks/twilio/${channelId}/${subPath}`;
    const res = await t.app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature ?? twilio.getExpectedTwilioSignature(AUTH_TOKEN, `https://ulak.test${path}`, params) },
      body: new URLSearchParams(params).toString(),
    });
    return { status: res.status, text: await res.text() };
  }

  return {
    fake,
    t,
    admin,
    channelId,
    twilioPost,
    async close() {
      await t.close();
      await fake.close();
    },
  };
}
