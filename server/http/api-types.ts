// The HTTP API's request and response types, derived from the route schemas and the serializers. The web imports
// them with `import type`, so they cannot drift from what the server accepts and sends, and nothing server-side
// reaches the bundle.
import type { z } from 'zod';
import type { getConversation, listConversations } from '../conversations/list-conversations.ts';
import type { serializeMessage } from '../conversations/serialize-message.ts';
import type { readContactValue } from '../value/contact-value.ts';
import type { cohortRetention, predictedValueHistogram, rfmCellContacts, rfmGrid, segmentSizes } from '../analytics/index.ts';
import type { contactPatch } from '../contacts/contact-input.ts';
import type { conversationListQuery, conversationPatchBody, newMessageBody } from '../conversations/conversation-input.ts';

/** A value as it arrives over JSON: a `Date` is sent as its ISO string; everything else keeps its shape. */
export type Jsonified<T> = T extends Date ? string : T extends ReadonlyArray<infer U> ? Jsonified<U>[] : T extends object ? { [K in keyof T]: Jsonified<T[K]> } : T;

/** What a route answers when its handler returns `fn(...)`, as the client parses it. */
export type Answer<Fn extends (...args: never[]) => unknown> = Jsonified<NonNullable<Awaited<ReturnType<Fn>>>>;

export type { ChannelKind } from '../../connectors/channel-kinds.ts';
export type { ConversationStatus, MessageStatus, Priority, Role } from '../db/schema/index.ts';

export type ConversationItem = Answer<typeof listConversations>['items'][number];
export type ConversationDetail = Answer<typeof getConversation>;
/** The list's filters; the cursor and page size are the client's own business. */
export type ConversationFilter = Omit<z.input<typeof conversationListQuery>, 'cursor' | 'limit'>;
export type ConversationPatch = z.input<typeof conversationPatchBody>;

export type ContactPatch = z.input<typeof contactPatch>;
export type { ImportReport as ImportResult } from '../contacts/import-contacts.ts';

export type Message = Answer<typeof serializeMessage>;

/** A contact's value figures as `GET /api/contacts/:id` shows them under `value`. */
export type ContactValue = Answer<typeof readContactValue>;
export type RfmGrid = Answer<typeof rfmGrid>;
export type ValueContactPage = Answer<typeof rfmCellContacts>;
export type CohortRetention = Answer<typeof cohortRetention>;
export type PredictedValue = Answer<typeof predictedValueHistogram>;
export type SegmentSizes = Answer<typeof segmentSizes>;
export type Attachment = Message['attachments'][number];
export type NewMessage = z.input<typeof newMessageBody>;

/** Bulk actions, macros and presence (POST /api/conversations/bulk, /api/macros, /api/conversations/:id/presence). */
export type BulkRequest = z.input<typeof import('../conversations/bulk-input.ts').bulkBody>;
export type BulkAction = z.input<typeof import('../conversations/bulk-input.ts').bulkAction>;
export type { BulkResult } from '../conversations/bulk-input.ts';
export type MacroInput = z.input<typeof import('../macros/macro-input.ts').macroBody>;
export type MacroAction = z.input<typeof import('../macros/macro-input.ts').macroAction>;
export type Macro = Jsonified<typeof import('../db/schema/macros.ts').macros.$inferSelect>;
export type { MacroRunResult as MacroRun } from '../macros/macro-input.ts';
export type { Presence, PresenceState } from '../realtime/presence.ts';
