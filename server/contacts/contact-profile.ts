// The full customer profile: identities, consents, facts and the cross-channel conversation timeline.
import { desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { rowsOf } from '../db/client.ts';
import { consents, contactIdentities, contacts, conversations } from '../db/schema/index.ts';
import { complaintHistory } from './complaint-history.ts';
import { IDENTITY_ORDER } from './identities-of.ts';
import { readContactValue } from '../value/contact-value.ts';
import type { SatisfactionEntry } from '../workflows/inbound-effects.ts';

export function birthdayString(c: { birthdayYear: number | null; birthdayMonth: number | null; birthdayDay: number | null }): string | null {
  if (!c.birthdayMonth || !c.birthdayDay) return null;
  const md = `${String(c.birthdayMonth).padStart(2, '0')}-${String(c.birthdayDay).padStart(2, '0')}`;
  return c.birthdayYear ? `${c.birthdayYear}-${md}` : md;
}

export async function contactProfile(db: Db, id: string) {
  const [c] = await db.select().from(contacts).where(eq(contacts.id, id));
  if (!c) return undefined;
  const ids = await db
    .select()
    .from(contactIdentities)
    .where(eq(contactIdentities.contactId, id))
    .orderBy(...IDENTITY_ORDER);
  const cons = await db.select().from(consents).where(eq(consents.contactId, id));
  const convs = await db.select().from(conversations).where(eq(conversations.contactId, id)).orderBy(desc(conversations.lastActivityAt)).limit(100);
  const kinds = convs.length
    ? rowsOf<{ conversation_id: string; kinds: string[] }>(
        await db.execute(sql`select m.conversation_id, array_agg(distinct ch.kind) as kinds from messages m join channels ch on ch.id = m.channel_id
          where m.conversation_id in (${sql.join(
            convs.map((v) => sql`${v.id}::uuid`),
            sql`, `,
          )}) group by m.conversation_id`),
      )
    : [];
  return {
    id: c.id,
    name: c.name,
    language: c.language,
    timeZone: c.timeZone,
    currency: c.currency,
    birthday: birthdayString(c),
    preferredChannel: c.preferredChannel,
    attributes: c.attributes,
    labels: c.labels,
    identities: ids.map((i) => ({ id: i.id, kind: i.kind, value: i.value, attributes: i.attributes, undeliverable: i.undeliverable, undeliverableReason: i.undeliverableReason })),
    consents: cons.map((k) => ({ channel: k.channel, status: k.status, at: k.at, source: k.source })),
    figures: { firstSeenAt: c.firstSeenAt, lastInboundAt: c.lastInboundAt, lastOutboundAt: c.lastOutboundAt, conversationCount: c.conversationCount, orderValue: c.orderValue },
    conversations: convs.map((v) => ({
      id: v.id,
      status: v.status,
      subject: v.subject,
      channelKinds: kinds.find((k) => k.conversation_id === v.id)?.kinds ?? [],
      lastActivityAt: v.lastActivityAt,
      lastMessage: v.lastMessagePreview ? { text: v.lastMessagePreview, direction: v.lastMessageDirection, at: v.lastActivityAt } : null,
    })),
    satisfaction: (c.attributes.satisfaction as SatisfactionEntry[] | undefined) ?? [],
    complaints: await complaintHistory(db, id),
    value: await readContactValue(db, id),
    erasedAt: c.erasedAt,
    createdAt: c.createdAt,
  };
}
