// The inbox list: filtered, newest activity first, keyset-paginated, with contact, channel and assignee joined in.
import { and, arrayContains, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { tsParam } from '../db/client.ts';
import { channels, contacts, conversations, teams, users, type ConversationStatus, type Priority } from '../db/schema/index.ts';
import { CURSOR_SHAPES, decodeCursor, encodeCursor } from '../http/cursor.ts';
import { conversationIdsWithMatchingMessages, matchingContactIds, searchTerms } from '../search/search-terms.ts';
import { identitiesOf, type IdentityRef } from '../contacts/identities-of.ts';

export interface ConversationFilter {
  status?: ConversationStatus;
  assignee?: string; // a user id, or 'none'
  team?: string;
  channel?: string;
  label?: string;
  priority?: Priority;
  /** Matches the contact (name, identities, a phone in any format) or the text of any message in the conversation. */
  q?: string;
  cursor?: string;
  limit: number;
}

export function conversationSelect() {
  return {
    id: conversations.id,
    status: conversations.status,
    priority: conversations.priority,
    labels: conversations.labels,
    subject: conversations.subject,
    contactId: conversations.contactId,
    contactName: contacts.name,
    channelId: channels.id,
    channelKind: channels.kind,
    channelName: channels.name,
    assigneeId: users.id,
    assigneeName: users.name,
    teamId: teams.id,
    teamName: teams.name,
    preview: conversations.lastMessagePreview,
    direction: conversations.lastMessageDirection,
    unreadCount: conversations.unreadCount,
    lastActivityAt: conversations.lastActivityAt,
    createdAt: conversations.createdAt,
    snoozedUntil: conversations.snoozedUntil,
  };
}

type Row = Awaited<ReturnType<typeof baseQuery>>[number];
const baseQuery = (db: Db) =>
  db
    .select(conversationSelect())
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .leftJoin(channels, eq(channels.id, conversations.channelId))
    .leftJoin(users, eq(users.id, conversations.assigneeId))
    .leftJoin(teams, eq(teams.id, conversations.teamId));

/** `identities` lets a row show a contact who never gave a name by their best identity instead of a blank. */
export function toConversationItem(r: Row, identities: IdentityRef[] = []) {
  return {
    id: r.id,
    status: r.status,
    priority: r.priority,
    subject: r.subject,
    assignee: r.assigneeId ? { id: r.assigneeId, name: r.assigneeName } : null,
    team: r.teamId ? { id: r.teamId, name: r.teamName } : null,
    labels: r.labels,
    contact: { id: r.contactId, name: r.contactName, identities },
    // Left-joined, so typed nullable; a conversation's channel id always names a channel row.
    channel: r.channelId ? { id: r.channelId, kind: r.channelKind!, name: r.channelName! } : null,
    lastMessage: r.preview !== null ? { text: r.preview, direction: r.direction, at: r.lastActivityAt } : null,
    unreadCount: r.unreadCount,
    lastActivityAt: r.lastActivityAt,
    createdAt: r.createdAt,
    snoozedUntil: r.snoozedUntil,
  };
}

/** What `q` needs: the workspace's phone region, and whether private notes may be searched. */
export interface SearchScope {
  region: string;
  includePrivate: boolean;
}

/** The list's filter as SQL conditions: the list pages through them, a bulk action over "all matching" selects by them. */
export function conversationFilterWhere(f: Omit<ConversationFilter, 'cursor' | 'limit'>, scope: SearchScope): SQL[] {
  const where: SQL[] = [];
  if (f.status) where.push(eq(conversations.status, f.status));
  if (f.assignee === 'none') where.push(isNull(conversations.assigneeId));
  else if (f.assignee) where.push(eq(conversations.assigneeId, f.assignee));
  if (f.team) where.push(eq(conversations.teamId, f.team));
  if (f.channel) where.push(eq(conversations.channelId, f.channel));
  if (f.label) where.push(arrayContains(conversations.labels, [f.label]));
  if (f.priority) where.push(eq(conversations.priority, f.priority));
  const terms = f.q ? searchTerms(f.q, scope.region) : undefined;
  if (terms) {
    where.push(sql`(${conversations.contactId} in (${matchingContactIds(terms)})
      or ${conversations.id} in (${conversationIdsWithMatchingMessages(terms, scope.includePrivate)}))`);
  }
  return where;
}

export async function listConversations(db: Db, f: ConversationFilter, scope: SearchScope) {
  const where = conversationFilterWhere(f, scope);
  const after = decodeCursor(f.cursor, CURSOR_SHAPES.timeAndId);
  if (after) where.push(sql`(${conversations.lastActivityAt}, ${conversations.id}) < (${tsParam(new Date(after[0]))}, ${after[1]}::uuid)`);

  const rows = await baseQuery(db)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(conversations.lastActivityAt), desc(conversations.id))
    .limit(f.limit + 1);
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  const identities = await identitiesOf(
    db,
    page.map((r) => r.contactId),
  );
  return {
    items: page.map((r) => toConversationItem(r, identities.get(r.contactId))),
    nextCursor: rows.length > f.limit && last ? encodeCursor([last.lastActivityAt.toISOString(), last.id]) : null,
  };
}

export async function getConversation(db: Db, id: string) {
  const [row] = await baseQuery(db).where(eq(conversations.id, id));
  if (!row) return undefined;
  const identities = await identitiesOf(db, [row.contactId]);
  return { ...toConversationItem(row, identities.get(row.contactId)), contactId: row.contactId };
}
