// A marketing email waiting for the marketing lane: a customer who wrote to an email channel once, and a workflow's
// marketing step queued for them (as a campaign's message would be).
import { sql } from 'drizzle-orm';
import { ingestMessage } from '../../server/inbound/ingest-message.ts';
import type { Services } from '../../server/services.ts';
import { performSend } from '../../server/workflows/perform-send.ts';
import { inbound, insertChannel } from './fixtures.ts';

/** An email channel the lane can send marketing from. */
export async function marketingEmailChannel(services: Services): Promise<string> {
  const channel = await insertChannel(services.database, 'email');
  await services.database.db.execute(sql`update channels set config = '{"fromAddress":"shop@shop.example"}' where id = ${channel.id}`);
  return channel.id;
}

export async function queuedMarketingEmail(services: Services, channelId: string, address: string): Promise<{ contactId: string; messageId: string }> {
  const { contactId, conversationId } = (await ingestMessage(
    services.ingest,
    { id: channelId, kind: 'email' },
    inbound({ from: { identities: [{ kind: 'email', value: address }], name: 'Ayşe Yılmaz' } }),
  )) as { contactId: string; conversationId: string };
  const { messageId } = await performSend(services, {
    runId: crypto.randomUUID(),
    stepId: 'winter-sale',
    contactId,
    conversationId,
    purpose: 'marketing',
    subject: 'Kış indirimi',
    text: 'Merhaba',
    channel: { kind: 'email', identity: { kind: 'email', value: address } },
  });
  return { contactId, messageId };
}
