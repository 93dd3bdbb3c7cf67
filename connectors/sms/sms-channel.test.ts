import twilio from 'twilio';
import { runChannelContract } from '../channel.case.test.ts';
import { makeChannelContext } from '../testing/make-channel-context.ts';
import { createSmsDriver, type SmsConfig } from './index.ts';
import { FakeTwilio } from './testing/fake-twilio.ts';
import { ACCOUNT_SID, AUTH_TOKEN, CUSTOMER, inboundParams, OUR_NUMBER, PUBLIC_BASE } from './testing/fixtures.ts';
import { signedRequest } from './testing/signed-request.ts';

runChannelContract('sms', async () => {
  const fake = await new FakeTwilio(ACCOUNT_SID, AUTH_TOKEN).start();
  const driver = createSmsDriver({ clientFactory: (sid, token) => twilio(sid, token, { httpClient: fake.httpClient() }) });
  const params = inboundParams('Merhaba, siparişim nerede?');
  return {
    async create(sink) {
      return driver.create(makeChannelContext('sms', { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: OUR_NUMBER } as SmsConfig, { sink }));
    },
    // Twilio retries a webhook that did not answer in time with the same MessageSid.
    async deliverInbound(channel, times) {
      for (let i = 0; i < times; i++) {
        const response = await channel.handleWebhook!(signedRequest({ authToken: AUTH_TOKEN, publicUrl: `${PUBLIC_BASE}/sms`, subPath: '/sms', params }));
        if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
      }
    },
    async deliverReply(channel, _sent, text) {
      // SMS carries no reference to the message answered: the reply threads by its sender.
      const response = await channel.handleWebhook!(signedRequest({ authToken: AUTH_TOKEN, publicUrl: `${PUBLIC_BASE}/sms`, subPath: '/sms', params: inboundParams(text) }));
      if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
    },
    replyReference: null,
    forgedWebhook: () => signedRequest({ authToken: 'not-the-auth-token', publicUrl: `${PUBLIC_BASE}/sms`, subPath: '/sms', params: inboundParams('sahte') }),
    async deliverStatus(channel, sent, status) {
      const callback = {
        MessageSid: sent.result.externalId,
        AccountSid: ACCOUNT_SID,
        MessageStatus: status === 'failed' ? 'undelivered' : status,
        ...(status === 'failed' ? { ErrorCode: '30003' } : {}),
      };
      const response = await channel.handleWebhook!(signedRequest({ authToken: AUTH_TOKEN, publicUrl: `${PUBLIC_BASE}/status`, subPath: '/status', params: callback }));
      if (response.status !== 204) throw new Error(`status callback answered ${response.status}`);
    },
    expected: { identity: { kind: 'phone', value: CUSTOMER }, text: 'Merhaba, siparişim nerede?' },
    recipient: { kind: 'phone', value: CUSTOMER },
    async sent() {
      return fake.requests.filter((r) => r.path.endsWith('/Messages.json')).map((r) => ({ to: r.params.To!, text: r.params.Body! }));
    },
    failNextSend(kind) {
      if (kind === 'temporary') fake.failNext({ status: 503, message: 'Service Unavailable' });
      else fake.failNext({ status: 400, code: 21211, message: "The 'To' number is not a valid phone number." });
    },
    close: () => fake.close(),
  };
});
