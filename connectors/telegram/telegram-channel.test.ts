import type { Channel } from '../channel.ts';
import { runChannelContract } from '../channel.case.test.ts';
import { makeChannelContext, waitFor } from '../testing/make-channel-context.ts';
import type { MemorySink } from '../testing/memory-sink.ts';
import { telegramDriver } from './index.ts';
import { SECRET_HEADER } from './telegram-webhook.ts';
import { FakeBotApi } from './testing/fake-bot-api.ts';
import { customer, textMessage } from './testing/updates.ts';

const WEBHOOK_SECRET = 'the-secret-given-to-setWebhook';

runChannelContract('telegram', async () => {
  const api = await new FakeBotApi().start();
  let sink: MemorySink;
  const message = textMessage('Siparişim nerede?');
  return {
    async create(s) {
      sink = s as MemorySink;
      const ctx = makeChannelContext('telegram', { botToken: api.token, apiRoot: api.apiRoot, pollTimeoutSec: 1, webhookSecret: WEBHOOK_SECRET }, { sink: s });
      const channel = telegramDriver.create(ctx as never);
      await channel.start!();
      return channel;
    },
    // A re-poll after a lost offset hands back the same message inside a new update.
    async deliverInbound(_channel: Channel, times: number) {
      const before = sink.calls.length;
      for (let i = 0; i < times; i++) api.pushUpdate({ message });
      await waitFor(() => sink.calls.length >= before + times);
    },
    async deliverReply(_channel, sent, text) {
      const before = sink.calls.length;
      api.pushUpdate({ message: textMessage(text, { reply_to_message: { message_id: Number(sent.result.externalId) } }) });
      await waitFor(() => sink.calls.length > before);
    },
    replyReference: 'quotedExternalId',
    forgedWebhook: () => ({
      method: 'POST',
      publicUrl: 'https://ulak.example.com/webhooks/telegram/ch_1',
      subPath: '',
      headers: new Headers({ 'content-type': 'application/json', [SECRET_HEADER]: 'not-the-secret' }),
      rawBody: JSON.stringify({ update_id: 9_000_001, message: textMessage('sahte') }),
    }),
    deliverStatus: { none: 'the Bot API has no delivery or read receipts for bots' },
    expected: { identity: { kind: 'telegram', value: String(customer.id) }, text: 'Siparişim nerede?' },
    recipient: { kind: 'telegram', value: String(customer.id) },
    async sent() {
      return api.callsOf('sendMessage').map((c) => ({ to: String(c.params.chat_id), text: String(c.params.text) }));
    },
    failNextSend(kind) {
      if (kind === 'temporary') api.failNext('sendMessage', { error_code: 502, description: 'Bad Gateway' });
      else api.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    },
    close: () => api.close(),
  };
});
