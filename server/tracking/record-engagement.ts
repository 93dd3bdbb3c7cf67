// Stores one open or click of a tracked message, once its token has been verified.
import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { messageEngagements, messages, type EngagementKind } from '../db/schema/index.ts';
import { isMachineEngagement } from './machine-engagement.ts';
import { messageLinks } from './message-links.ts';
import { linkRules, linkTarget } from './apply-tracking.ts';
import { storedPlan } from './tracking-plan.ts';

export interface EngagementRequest {
  messageId: string;
  userAgent: string | undefined;
  at: Date;
}

/** The tracked message as sent, or undefined when no such message carried tracking. */
async function trackedMessage(database: Database, messageId: string) {
  const [message] = await database.db
    .select({ id: messages.id, html: messages.html, text: messages.text, metadata: messages.metadata, status: messages.status, statusAt: messages.statusAt, sentAt: messages.sentAt })
    .from(messages)
    .where(eq(messages.id, messageId));
  const plan = message && storedPlan(message.metadata);
  return message && plan ? { message, plan } : undefined;
}

async function record(database: Database, req: EngagementRequest, kind: EngagementKind, sentAt: Date | null, link?: { url: string; index: number }) {
  const machine = isMachineEngagement({ userAgent: req.userAgent, at: req.at, sentAt });
  await database.db
    .insert(messageEngagements)
    .values({ messageId: req.messageId, kind, url: link?.url ?? null, linkIndex: link?.index ?? null, at: req.at, userAgent: req.userAgent?.slice(0, 500) ?? null, machine });
}

/** The send time the prefetch rule measures from: when the mail server took it, else when it was queued. */
const sendTime = (m: { status: string; statusAt: Date | null; sentAt: Date }) => (m.status !== 'queued' && m.statusAt ? m.statusAt : m.sentAt);

/** True when recorded; false when the message carried no open pixel. */
export async function recordOpen(database: Database, req: EngagementRequest): Promise<boolean> {
  const found = await trackedMessage(database, req.messageId);
  if (!found?.plan.opens) return false;
  await record(database, req, 'open', sendTime(found.message));
  return true;
}

/** The link's target (UTM applied as it was at sending), recorded as a click; undefined when the message had no such link. */
export async function recordClick(database: Database, req: EngagementRequest & { linkIndex: number; publicUrl: string }): Promise<string | undefined> {
  const found = await trackedMessage(database, req.messageId);
  if (!found?.plan.clicks) return undefined;
  const url = messageLinks(found.message, linkRules(req.publicUrl))[req.linkIndex];
  if (url === undefined) return undefined;
  const target = asLocation(linkTarget(url, found.plan));
  if (!target) return undefined;
  await record(database, req, 'click', sendTime(found.message), { url: target, index: req.linkIndex });
  return target;
}

/** A Location header value: the link percent-encoded as the URL standard does it, or undefined when it is no URL. */
function asLocation(url: string): string | undefined {
  try {
    return new URL(url).href;
  } catch {
    return undefined;
  }
}
