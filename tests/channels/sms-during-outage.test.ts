// Twilio gives up on an inbound SMS webhook within 15 seconds, and a database restart or failover lasts longer. An SMS
// that arrives while the database refuses to store it is answered 200 once it is flushed to this machine's spool, and
// the spool pass stores it (once) when the database is back. Before, the webhook answered 500 and the SMS was lost.
// A status callback, which Twilio does not send again either, is kept the same way: an "undelivered" must not be lost.
// Senders that do retry (the API channel's) are answered 503 with Retry-After, as for any request in an outage.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { ACCOUNT_SID, inboundParams } from '../../connectors/sms/testing/fixtures.ts';
import { messages } from '../../server/db/schema/index.ts';
import { sendOutbound } from '../../server/outbound/send-outbound.ts';
import { storeSpooledInbound } from '../../server/inbound/inbound-spool.ts';
import { createApiChannel, postInbound } from '../support/api-channel.ts';
import { refuseWrites } from '../support/refuse-writes.ts';
import { smsApp } from '../support/sms-app.ts';
import type { Client, TestApp } from '../support/test-app.ts';

describe('an inbound SMS while the database is away', () => {
  let sms: Awaited<ReturnType<typeof smsApp>>;
  let t: TestApp;
  let admin: Client;
  let channelId: string;

  beforeAll(async () => {
    sms = await smsApp();
    ({ t, admin, channelId } = sms);
  });
  afterAll(() => sms.close());

  const twilioPost = async (params: Record<string, string>) => (await sms.twilioPost('sms', params)).status;
  const spooled = async () => readdir(join(t.services.config.dataDir, 'spool', channelId)).catch(() => []);
  const texts = async () => {
    const all: string[] = [];
    for (const conversation of (await admin.ok('GET', '/api/conversations')).items) {
      all.push(...(await admin.ok('GET', `/api/conversations/${conversation.id}/messages`)).items.map((m: { text: string }) => m.text));
    }
    return all.sort();
  };
  const pass = () => storeSpooledInbound(t.services, join(t.services.config.dataDir, 'spool'));

  it('answers 200 once the SMS is on disk, and stores it once when the database is back', async () => {
    const outage = await refuseWrites(t.services.database, 'messages', 'true', '57P03');
    const params = inboundParams('Veritabanı kapalıyken yazdım');
    expect(await twilioPost(params)).toBe(200);
    expect(await twilioPost(params)).toBe(200); // Twilio's own retry within its 15 s
    expect(await spooled()).toHaveLength(2);
    // Still away: the pass leaves the files for the next one.
    expect(await pass()).toEqual({ files: 1, stored: 0, left: 1, away: true }); // the first file tells: the rest wait

    await outage.lift();
    expect(await pass()).toEqual({ files: 2, stored: 2, left: 0, away: false });
    expect(await spooled()).toEqual([]);
    expect(await texts()).toEqual(['Veritabanı kapalıyken yazdım']);
  });

  it('keeps a status callback that came while the database was away, and the pass applies it', async () => {
    const [conversation] = (await admin.ok('GET', '/api/conversations')).items;
    const reply = await admin.ok('POST', `/api/conversations/${conversation.id}/messages`, { text: 'Kargonuz yolda' });
    await sendOutbound(t.services.send, { messageId: reply.id, attempt: 1 });
    const status = async () => (await t.database.db.select().from(messages).where(eq(messages.id, reply.id)))[0]!;
    const sid = (await status()).externalId!;

    const outage = await refuseWrites(t.services.database, 'messages', 'true', '57P03');
    const callback = { MessageSid: sid, MessageStatus: 'undelivered', ErrorCode: '30005', ErrorMessage: 'Unknown destination handset', AccountSid: ACCOUNT_SID };
    // Twilio does not call a status callback again, so it is answered once it is on disk.
    expect((await sms.twilioPost('status', callback)).status).toBe(204);
    expect(await spooled()).toHaveLength(1);
    expect(await pass()).toEqual({ files: 1, stored: 0, left: 1, away: true });
    expect((await status()).status).toBe('sent');

    await outage.lift();
    expect(await pass()).toEqual({ files: 1, stored: 1, left: 0, away: false });
    expect(await status()).toMatchObject({ status: 'failed', errorMessage: 'Unknown destination handset' });
    expect(await spooled()).toEqual([]);
  });

  it('answers other senders 503 with Retry-After while the database is away, not 500', async () => {
    const channel = await createApiChannel(admin);
    const outage = await refuseWrites(t.services.database, 'messages', 'true', '57P03');
    const body = { externalId: 'outage-1', from: { id: 'ayse' }, text: 'Merhaba' };
    const refused = await postInbound(t.app, channel, body);
    await outage.lift();
    expect(refused).toMatchObject({ status: 503, body: { error: { code: 'unavailable' } } });
    expect(refused.retryAfter).toBe('5');
    expect((await postInbound(t.app, channel, body)).status).toBe(202);
  });

  it('still refuses what waiting cannot fix, with nothing kept', async () => {
    const refused = await refuseWrites(t.services.database, 'messages', 'true');
    expect(await twilioPost(inboundParams('Bu hep reddedilir'))).toBe(500);
    await refused.lift();
    expect(await spooled()).toEqual([]);
  });
});
