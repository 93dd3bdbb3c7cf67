// Shapes of the HTTP API; the client and state code share them. Type-only, from the server's routes, route schemas and
// serializers (server/http/api-types.ts): nothing here is copied by hand that the server already says, and nothing
// server-side is bundled.
export type {
  AiAvailability,
  AiSettingsInput,
  AiSettingsView,
  AiTestInput,
  AiTestResult,
  AssistRequest,
  Attachment,
  AttributeDefinition,
  Campaign,
  CampaignPreview,
  CampaignStats,
  CannedResponse,
  Channel,
  ChannelKind,
  ChannelTest,
  Consent,
  ContactPatch,
  ContactProfile,
  ContactSummary,
  ConversationCounts,
  ConversationDetail,
  ConversationFilter,
  ConversationItem,
  ConversationPatch,
  ConversationStatus,
  CreatedIntegration,
  DraftPreviewRequest,
  Identity,
  ImportProgress,
  ImportResult,
  Integration,
  IntegrationKind,
  Jsonified,
  Label,
  LastMessage,
  Limits,
  Locale,
  MePatch,
  MergePreview,
  MergeSuggestion,
  Metric,
  Message,
  MessageStatus,
  NewCampaign,
  NewCannedResponse,
  NewIntegration,
  NewChannel,
  NewLabel,
  NewMessage,
  NewTeam,
  NewTemplate,
  NewUser,
  Pairing,
  Priority,
  Role,
  SavedWorkflow,
  SearchResult,
  SavedSegment,
  SegmentPreview,
  ServerIssue,
  SessionPayload,
  SessionState,
  Team,
  TeamMember,
  TestSendResult,
  TimeseriesPoint,
  UploadedFile,
  User,
  Workflow,
  WorkflowDetail,
  WorkflowPreview,
  WorkflowRun,
  WorkflowStats,
  WorkflowStep,
  Workspace,
  WorkspacePatch,
  CreatedWebhook,
  NewWebhook,
  RotatedWebhookSecret,
  WebhookTestResult,
  WebhookDelivery,
  WebhookDeliveryPage,
  WebhookDeliveryQuery,
  WebhookDeliveryStatus,
  WebhookPatch,
  WebhookReplay,
  WebhookReplayRequest,
  WebhookSubscription,
  BulkRequest,
  BulkAction,
  BulkResult,
  Macro,
  MacroAction,
  MacroInput,
  MacroRun,
  Presence,
  PresenceState,
  ContactValue,
  RfmGrid,
  ValueContactPage,
  CohortRetention,
  PredictedValue,
  SegmentSizes,
  EventProperties,
} from '../../../../server/http/api-types.ts';
export type { ComplaintEntry } from '../../../../server/contacts/complaint-history.ts';
export type { ComplaintModelReport } from '../../../../server/complaints/complaint-model.ts';
export type { Overview, GroupFigures } from '../../../../server/reports/overview.ts';
export type { TrackingSettings } from '../../../../server/db/schema/workspace.ts';
import type { RealtimeEvent as ServerRealtimeEvent } from '../../../../server/http/api-types.ts';
import type { StreamedEventType } from '../../../../server/realtime/event-types.ts';
import type { OrderItem, OrderStatus } from '../../../../server/db/schema/orders.ts';
export type { OrderItem, OrderStatus };

/** `GET /api/orders/imports/:id`: an orders CSV import's progress and its report of rejected rows (spreadsheet row numbers). */
export interface OrderImportProgress {
  id: string;
  status: 'running' | 'completed' | 'failed';
  total: number;
  processed: number;
  created: number;
  updated: number;
  rejected: { row: number; reason: string }[];
}

/** `GET /api/workspace/currency-rates`: units of the workspace currency per unit of each other currency, as decimal text. */
export interface CurrencyRates {
  currency: string;
  rates: Record<string, string>;
}

/** An order as `GET /api/contacts/:id/orders` lists it; amounts are decimal strings in the order's own currency. */
export interface ContactOrder {
  id: string;
  placedAt: string;
  currency: string;
  total: string;
  refunded: string;
  status: OrderStatus;
  items: OrderItem[];
}

/**
 * Web-only: what templating a canned response needs of a contact, whichever answer it came from (a conversation's
 * contact, a profile, a search hit). The name is null for someone who never gave one (show contactLabel, not the name).
 */
export interface ContactRef {
  id: string;
  name: string | null;
  identities?: { kind: string; value: string }[];
}

/** The envelope of every keyset-paged list (`{ items, nextCursor }`); generic, so the client states it once. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The hub sends an event's type as text; the stream only carries the streamed domain events, so the web narrows it to switch on. */
export type RealtimeEvent = Omit<ServerRealtimeEvent, 'type'> & { type: StreamedEventType | 'presence' };
