// Merges one contact into another (identities, conversations, messages, consents, attributes move), audited and reversible.
import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { Database, Tx } from '../db/client.ts';
import { campaignRecipients, consents, contactIdentities, contactMerges, contacts, conversations, messages, type RecipientStatus } from '../db/schema/index.ts';
import { AppError, notFound } from '../errors.ts';
import { recordEvent, transact } from '../events/record-event.ts';
import { audit } from '../events/audit.ts';
import { searchTextFor } from '../inbound/resolve-contact.ts';
import { moveOrders, moveOrdersBack } from '../orders/move-orders.ts';

type Contact = typeof contacts.$inferSelect;

/** A campaign recipient not messaged yet (nor skipped, failed or held out): the tick may still send it. */
const WAITING: RecipientStatus[] = ['queued', 'deferred', 'awaiting_winner'];

/** The merged profile: the target's values win, the source fills the gaps. */
export function mergedProfile(into: Contact, from: Contact) {
  return {
    name: into.name ?? from.name,
    language: into.language ?? from.language,
    timeZone: into.timeZone ?? from.timeZone,
    currency: into.currency ?? from.currency,
    birthdayYear: into.birthdayMonth ? into.birthdayYear : from.birthdayYear,
    birthdayMonth: into.birthdayMonth ?? from.birthdayMonth,
    birthdayDay: into.birthdayMonth ? into.birthdayDay : from.birthdayDay,
    preferredChannel: into.preferredChannel ?? from.preferredChannel,
    attributes: { ...from.attributes, ...into.attributes },
    labels: [...new Set([...into.labels, ...from.labels])],
    firstSeenAt: into.firstSeenAt < from.firstSeenAt ? into.firstSeenAt : from.firstSeenAt,
    lastInboundAt: latest(into.lastInboundAt, from.lastInboundAt),
    lastOutboundAt: latest(into.lastOutboundAt, from.lastOutboundAt),
    conversationCount: into.conversationCount + from.conversationCount,
  };
}

const latest = (a: Date | null, b: Date | null) => (!a ? b : !b ? a : a > b ? a : b);

export async function loadPair(tx: Tx | Database['db'], intoId: string, fromId: string) {
  if (intoId === fromId) throw new AppError(422, 'same_contact', 'A contact cannot be merged into itself');
  const rows = await tx
    .select()
    .from(contacts)
    .where(inArray(contacts.id, [intoId, fromId]));
  const into = rows.find((r) => r.id === intoId);
  const from = rows.find((r) => r.id === fromId);
  // An erased contact is gone for every purpose: merging into it would hide the other's data under an erased record.
  if (!into || !from || into.erasedAt || from.erasedAt) throw notFound('contact');
  return { into, from };
}

/**
 * The campaigns that reached the source keep counting it, as the target's: its recipient rows move where the target
 * has none for that campaign. Where both were recipients the target's row stands, one per contact and campaign, and
 * the source's goes with it; but a target still waiting for a campaign the source was already sent would get it a
 * second time, so there the target's waiting row goes and the source's sent one takes its place.
 */
async function moveCampaignRecipients(tx: Tx, fromId: string, intoId: string): Promise<string[]> {
  const sentToSource = tx
    .select({ campaignId: campaignRecipients.campaignId })
    .from(campaignRecipients)
    .where(and(eq(campaignRecipients.contactId, fromId), eq(campaignRecipients.status, 'sent')));
  await tx.delete(campaignRecipients).where(and(eq(campaignRecipients.contactId, intoId), inArray(campaignRecipients.status, WAITING), inArray(campaignRecipients.campaignId, sentToSource)));
  const targets = tx.select({ campaignId: campaignRecipients.campaignId }).from(campaignRecipients).where(eq(campaignRecipients.contactId, intoId));
  const moved = await tx
    .update(campaignRecipients)
    .set({ contactId: intoId })
    .where(and(eq(campaignRecipients.contactId, fromId), notInArray(campaignRecipients.campaignId, targets)))
    .returning({ id: campaignRecipients.id });
  return moved.map((r) => r.id);
}

export async function mergeContacts(database: Database, intoId: string, fromId: string, actorId: string) {
  return transact(database, async (tx) => {
    const { into, from } = await loadPair(tx, intoId, fromId);
    const identityIds = (await tx.select({ id: contactIdentities.id }).from(contactIdentities).where(eq(contactIdentities.contactId, fromId))).map((r) => r.id);
    const conversationIds = (await tx.select({ id: conversations.id }).from(conversations).where(eq(conversations.contactId, fromId))).map((r) => r.id);
    const fromConsents = await tx.select().from(consents).where(eq(consents.contactId, fromId));
    const [merge] = await tx
      .insert(contactMerges)
      .values({ intoId, fromId, actorId, snapshot: { into, from, identityIds, conversationIds, consents: fromConsents } })
      .returning();

    await tx.update(contactIdentities).set({ contactId: intoId }).where(eq(contactIdentities.contactId, fromId));
    await tx.update(conversations).set({ contactId: intoId }).where(eq(conversations.contactId, fromId));
    await tx.update(messages).set({ contactId: intoId }).where(eq(messages.contactId, fromId));
    const moved = { ...(await moveOrders(tx, fromId, intoId, new Date())), campaignRecipientIds: await moveCampaignRecipients(tx, fromId, intoId) };
    await tx
      .update(contactMerges)
      .set({ snapshot: sql`${contactMerges.snapshot} || ${JSON.stringify(moved)}::jsonb` })
      .where(eq(contactMerges.id, merge!.id));
    for (const c of fromConsents) {
      // The most recent decision per channel wins.
      await tx
        .insert(consents)
        .values({ ...c, contactId: intoId })
        .onConflictDoUpdate({
          target: [consents.contactId, consents.channel],
          set: { status: c.status, source: c.source, at: c.at },
          setWhere: sql`${consents.at} < ${c.at.toISOString()}::timestamptz`,
        });
    }
    const identities = await tx.select({ kind: contactIdentities.kind, value: contactIdentities.value }).from(contactIdentities).where(eq(contactIdentities.contactId, intoId));
    const profile = mergedProfile(into, from);
    await tx
      .update(contacts)
      .set({ ...profile, searchText: searchTextFor(profile.name, identities), updatedAt: new Date() })
      .where(eq(contacts.id, intoId));
    await tx.delete(contacts).where(eq(contacts.id, fromId));
    await audit(tx, actorId, 'contact.merged', 'contact', intoId, { fromId, mergeId: merge!.id });
    await recordEvent(tx, { type: 'contact.updated', contactId: intoId, payload: { mergedFrom: fromId } });
    return merge!;
  });
}

/** Undo a merge: the source contact comes back with what it brought. Later messages stay with the target. */
export async function revertMerge(database: Database, mergeId: string, actorId: string) {
  return transact(database, async (tx) => {
    const [merge] = await tx.select().from(contactMerges).where(eq(contactMerges.id, mergeId)).for('update');
    if (!merge) throw notFound('merge');
    if (merge.revertedAt) throw new AppError(409, 'already_reverted', 'This merge was already undone');
    if ('erased' in merge.snapshot) throw new AppError(409, 'merge_erased', 'This merge cannot be undone: a contact in it was erased (GDPR), and nothing of it was kept');
    const snap = merge.snapshot;
    const revive = (c: Contact) => ({
      ...c,
      firstSeenAt: new Date(c.firstSeenAt),
      lastInboundAt: c.lastInboundAt && new Date(c.lastInboundAt),
      lastOutboundAt: c.lastOutboundAt && new Date(c.lastOutboundAt),
      createdAt: new Date(c.createdAt),
      updatedAt: new Date(),
      erasedAt: null,
      searchVector: undefined,
    });
    const { searchVector: _a, ...from } = revive(snap.from);
    const into = revive(snap.into);
    await tx.insert(contacts).values(from as typeof contacts.$inferInsert);
    if (snap.identityIds.length) await tx.update(contactIdentities).set({ contactId: merge.fromId }).where(inArray(contactIdentities.id, snap.identityIds));
    if (snap.conversationIds.length) {
      await tx.update(conversations).set({ contactId: merge.fromId }).where(inArray(conversations.id, snap.conversationIds));
      await tx.update(messages).set({ contactId: merge.fromId }).where(inArray(messages.conversationId, snap.conversationIds));
    }
    for (const c of snap.consents)
      await tx
        .insert(consents)
        .values({ ...c, at: new Date(c.at), contactId: merge.fromId })
        .onConflictDoNothing();
    await moveOrdersBack(tx, snap, merge.fromId, merge.intoId, new Date());
    if (snap.campaignRecipientIds?.length) await tx.update(campaignRecipients).set({ contactId: merge.fromId }).where(inArray(campaignRecipients.id, snap.campaignRecipientIds));
    await tx
      .update(contacts)
      .set({
        name: into.name,
        language: into.language,
        timeZone: into.timeZone,
        currency: into.currency,
        birthdayYear: into.birthdayYear,
        birthdayMonth: into.birthdayMonth,
        birthdayDay: into.birthdayDay,
        preferredChannel: into.preferredChannel,
        attributes: into.attributes,
        labels: into.labels,
        firstSeenAt: into.firstSeenAt,
        lastInboundAt: into.lastInboundAt,
        lastOutboundAt: into.lastOutboundAt,
        conversationCount: into.conversationCount,
        searchText: into.searchText,
        updatedAt: new Date(),
      })
      .where(eq(contacts.id, merge.intoId));
    await tx.update(contactMerges).set({ revertedAt: new Date() }).where(eq(contactMerges.id, mergeId));
    await audit(tx, actorId, 'contact.merge_reverted', 'contact', merge.intoId, { fromId: merge.fromId, mergeId });
    await recordEvent(tx, { type: 'contact.updated', contactId: merge.intoId });
    await recordEvent(tx, { type: 'contact.updated', contactId: merge.fromId });
    return { intoId: merge.intoId, fromId: merge.fromId };
  });
}
