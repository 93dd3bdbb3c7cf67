// Shapes of the HTTP API as published in the API contract; the client and state code share them.
import type { DomainEventType } from '../../../../server/realtime/event-types.ts';
import type { ComplaintEntry } from '../../../../server/contacts/complaint-history.ts';
export type { ComplaintModelReport } from '../../../../server/complaints/complaint-model.ts';
export type { ComplaintEntry };
export type Locale = 'en' | 'tr';
// Type-only, from the server's route schemas and serializers (server/http/api-types.ts): nothing here is copied by hand
// that the server already says, and nothing server-side is bundled.
export type {
  Attachment,
  ChannelKind,
  ConversationDetail,
  ConversationFilter,
  ConversationItem,
  ConversationPatch,
  ConversationStatus,
  Jsonified,
  Message,
  MessageStatus,
  NewMessage,
  Priority,
  Role,
  ImportResult,
  ContactPatch,
} from '../../../../server/http/api-types.ts';
import type { ChannelKind, ConversationStatus } from '../../../../server/http/api-types.ts';

export interface User {
  id: string;
  email: string;
  name: string;
  roles: string[];
  locale: Locale;
}
export interface Limits {
  maxAttachmentBytes: number;
}
export interface SessionPayload {
  user: User;
  csrfToken: string;
  limits?: Limits;
}
export interface Ref {
  id: string;
  name: string;
}
/** A contact as lists carry it: the name is null for someone who never gave one (show contactLabel, not the name). */
export interface ContactRef {
  id: string;
  name: string | null;
  identities?: { kind: string; value: string }[];
}
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface LastMessage {
  text: string;
  direction: 'in' | 'out';
  at: string;
}

export interface ConversationCounts {
  all: number;
  mine: number;
  unassigned: number;
  byStatus: Record<ConversationStatus, number>;
  byChannel: Record<string, number>;
  byLabel: Record<string, number>;
  byTeam: Record<string, number>;
}

export interface UploadedFile {
  id: string;
  filename: string;
  contentType: string;
  size: number;
}

export interface ContactSummary {
  id: string;
  name: string | null;
  identities: { kind: string; value: string }[];
  labels: string[];
  lastInboundAt: string | null;
}
export interface Identity {
  id: string;
  kind: string;
  value: string;
  attributes: Record<string, unknown>;
  undeliverable: boolean;
}
export interface Consent {
  channel: string;
  status: 'opted_in' | 'opted_out';
  at: string;
  source: string;
}
export interface ContactProfile {
  id: string;
  name: string | null;
  language: string | null;
  timeZone: string | null;
  currency: string | null;
  birthday: string | null;
  preferredChannel: string | null;
  attributes: Record<string, unknown>;
  labels: string[];
  identities: Identity[];
  consents: Consent[];
  figures: { firstSeenAt: string | null; lastInboundAt: string | null; lastOutboundAt: string | null; conversationCount: number; orderValue?: number | null };
  conversations: { id: string; status: ConversationStatus; subject?: string | null; channelKinds: string[]; lastActivityAt: string; lastMessage: LastMessage | null }[];
  satisfaction: { score: number; kind: string; at: string }[];
  complaints: ComplaintEntry[];
}
/** What a merge would produce (POST /api/contacts/merge/preview): the kept fields and every identity of both. */
export interface MergePreview {
  intoId: string;
  fromId: string;
  name: string | null;
  labels: string[];
  conversationCount: number;
  identities: { id: string; kind: string; value: string }[];
}
export interface MergeSuggestion {
  into: { id: string; name: string | null };
  from: { id: string; name: string | null };
  reason: string;
  at: string;
}

export interface SearchResult {
  contacts: ContactSummary[];
  messages: { id: string; conversationId: string; text: string; contact: ContactRef; createdAt: string }[];
}

export interface Channel {
  id: string;
  kind: ChannelKind;
  name: string;
  config: Record<string, unknown>;
  health?: unknown;
  active?: boolean;
  /** API channels only, once, right after creation. */
  secret?: string;
  /** Where an API channel's systems POST inbound messages. */
  inboundUrl?: string;
  /** Where the provider (Twilio, Telegram) must send its webhooks. */
  webhookUrl?: string;
}
export interface ChannelTest {
  ok: boolean;
  checks: { name: string; ok: boolean; message: string }[];
}
/** The WhatsApp session as the channel's health reports it; `lastError` says why it is not connected. */
export interface Pairing {
  state: string;
  qr?: string | null;
  pairingCode?: string | null;
  lastError?: string | null;
}
export interface Team {
  id: string;
  name: string;
  memberIds: string[];
}
export interface CannedResponse {
  id: string;
  shortCode: string;
  content: string;
}
export interface Label {
  id?: string;
  name: string;
  color: string;
}
export type { TrackingSettings } from '../../../../server/db/schema/workspace.ts';
import type { TrackingSettings } from '../../../../server/db/schema/workspace.ts';
export interface Workspace {
  name: string;
  timeZone: string;
  defaultRegion: string;
  quietHours: { start: string; end: string };
  frequencyCap: { max: number; perDays: number };
  /** Open and click tracking of marketing email. */
  tracking: TrackingSettings;
}

export interface RealtimeEvent {
  type: DomainEventType;
  /** Auto-replies and history imports: shown, but nobody is alerted. */
  quiet?: boolean;
  channelId?: string;
  conversationId?: string;
  messageId?: string;
  contactId?: string;
}

// Type-only: the report shapes are the server's own, so they cannot drift; nothing server-side is bundled.
export type { Overview, GroupFigures } from '../../../../server/reports/overview.ts';
export interface TimeseriesPoint {
  at: string;
  value: number;
  channel?: string;
  p90?: number;
}
export type Metric = 'volume' | 'first_response' | 'resolution';
