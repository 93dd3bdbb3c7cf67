// The HTTP API's request and response types, derived from the routes themselves (`export const x = route(...)` carries
// what the handler answers and what its zod schemas take), the serializers and the rules core. The web imports them
// with `import type`, so they cannot drift from what the server accepts and sends, and nothing server-side reaches the
// bundle.
import type { z } from 'zod';
import type { DeclaredRoute } from './route.ts';
import type { getConversation, listConversations } from '../conversations/list-conversations.ts';
import type { serializeMessage } from '../conversations/serialize-message.ts';
import type { readContactValue } from '../value/contact-value.ts';
import type { cohortRetention, predictedValueHistogram, rfmCellContacts, rfmGrid, segmentSizes } from '../analytics/index.ts';
import type { contactPatch } from '../contacts/contact-input.ts';
import type { conversationListQuery, conversationPatchBody, newMessageBody } from '../conversations/conversation-input.ts';
import type { meRoute, sessionRoute, updateMeRoute } from '../routes/auth.ts';
import type { countsRoute } from '../routes/conversations.ts';
import type { uploadRoute } from '../routes/uploads.ts';
import type { searchRoute } from '../routes/search.ts';
import type { contactRoute, importStatusRoute, listContactsRoute, mergePreviewRoute, mergeSuggestionsRoute } from '../routes/contacts.ts';
import type { channelRoute, createChannelRoute, pairingRoute, testChannelRoute } from '../routes/channels.ts';
import type { createTeamRoute, createUserRoute, listTeamsRoute, listUsersRoute } from '../routes/users.ts';
import type { createCannedRoute, createLabelRoute, listCannedRoute, updateWorkspaceRoute, workspaceRoute } from '../routes/workspace.ts';
import type { timeseriesRoute } from '../routes/reports.ts';
import type { draftPreviewRoute, workflowPreviewRoute, workflowRunsRoute, workflowStatsRoute } from '../routes/workflow-reports.ts';
import type { createWorkflowRoute, listWorkflowsRoute, workflowRoute } from '../routes/workflows.ts';
import type { campaignPreviewRoute, campaignStatsRoute, createCampaignRoute, listCampaignsRoute, testSendRoute } from '../routes/campaigns.ts';
import type { createTemplateRoute } from '../routes/templates.ts';
import type { listSegmentsRoute, segmentPreviewRoute } from '../routes/segments.ts';
import type { listAttributesRoute } from '../routes/attributes.ts';
import type { aiAvailabilityRoute, aiSettingsRoute, saveAiSettingsRoute, testAiRoute } from '../routes/workspace-ai.ts';
import type { assistRoute } from '../routes/assist.ts';
import type { eventPropertiesRoute } from '../routes/orders.ts';
import type { createIntegrationRoute, listIntegrationsRoute } from '../routes/integrations.ts';
import type {
  createWebhookRoute,
  listWebhooksRoute,
  replayWebhookRoute,
  rotateWebhookSecretRoute,
  testWebhookRoute,
  updateWebhookRoute,
  webhookDeliveriesRoute,
} from '../routes/webhook-subscriptions.ts';
import type { RealtimeEvent as HubEvent } from '../realtime/hub.ts';

/** A value as it arrives over JSON: a `Date` is sent as its ISO string; everything else keeps its shape. */
/** Tuples stay tuples (a confidence interval is `[lo, hi]`); other arrays become arrays of their JSON items. */
export type Jsonified<T> = T extends Date
  ? string
  : T extends readonly [unknown, ...unknown[]]
    ? { -readonly [K in keyof T]: Jsonified<T[K]> }
    : T extends ReadonlyArray<infer U>
      ? Jsonified<U>[]
      : T extends object
        ? { [K in keyof T]: Jsonified<T[K]> }
        : T;

/** What a route answers when its handler returns `fn(...)`, as the client parses it. */
export type Answer<Fn extends (...args: never[]) => unknown> = Jsonified<NonNullable<Awaited<ReturnType<Fn>>>>;
/** What a declared route answers (a raw `Response`, such as a CSV file or an error, is not JSON and is left out). */
type RouteAnswer<T> = T extends DeclaredRoute<infer R, unknown, unknown> ? Jsonified<Exclude<NonNullable<Awaited<R>>, Response>> : never;
/** What a declared route's zod body accepts, as the client writes it (defaults may be left out). */
type RouteBody<T> = T extends DeclaredRoute<unknown, infer B, unknown> ? (B extends z.ZodType ? z.input<B> : never) : never;
/** What a declared route's zod query accepts. */
type RouteQuery<T> = T extends DeclaredRoute<unknown, unknown, infer Q> ? (Q extends z.ZodType ? z.input<Q> : never) : never;
/** The items of a list route's `{ items }`. */
type Item<T> = RouteAnswer<T> extends { items: ReadonlyArray<infer I> } ? I : never;

export type { ChannelKind } from '../../connectors/channel-kinds.ts';
export type { ConversationStatus, Locale, MessageStatus, Priority, Role } from '../db/schema/index.ts';

// Signing in and the signed-in user (setup and sign-in answer the same, with a token that is never null).
export type SessionPayload = RouteAnswer<typeof meRoute>;
/** The app's first question: the same when signed in; `user` null and whether setup is needed when not. */
export type SessionState = RouteAnswer<typeof sessionRoute>;
export type User = SessionPayload['user'];
export type Limits = SessionPayload['limits'];
export type MePatch = RouteBody<typeof updateMeRoute>;

// The inbox.
export type ConversationItem = Answer<typeof listConversations>['items'][number];
export type ConversationDetail = Answer<typeof getConversation>;
/** The list's filters; the cursor and page size are the client's own business. */
export type ConversationFilter = Omit<z.input<typeof conversationListQuery>, 'cursor' | 'limit'>;
export type ConversationPatch = z.input<typeof conversationPatchBody>;
export type ConversationCounts = RouteAnswer<typeof countsRoute>;
export type Message = Answer<typeof serializeMessage>;

export type Attachment = Message['attachments'][number];
export type NewMessage = z.input<typeof newMessageBody>;
export type UploadedFile = RouteAnswer<typeof uploadRoute>;
export type SearchResult = RouteAnswer<typeof searchRoute>;

// Contacts.
export type ContactSummary = Item<typeof listContactsRoute>;
export type ContactProfile = RouteAnswer<typeof contactRoute>;
export type Identity = ContactProfile['identities'][number];
export type Consent = ContactProfile['consents'][number];
export type LastMessage = NonNullable<ContactProfile['conversations'][number]['lastMessage']>;
export type ContactPatch = z.input<typeof contactPatch>;
export type MergePreview = RouteAnswer<typeof mergePreviewRoute>;
export type MergeSuggestion = Item<typeof mergeSuggestionsRoute>;
export type AttributeDefinition = Item<typeof listAttributesRoute>;
export type { ImportReport as ImportResult } from '../contacts/import-contacts.ts';
/** A CSV import's state as `GET /api/contacts/imports/:id` sends it. */
export type ImportProgress = RouteAnswer<typeof importStatusRoute>;

// Customer value and analytics.
/** A contact's value figures as `GET /api/contacts/:id` shows them under `value`. */
export type ContactValue = Answer<typeof readContactValue>;
export type RfmGrid = Answer<typeof rfmGrid>;
export type ValueContactPage = Answer<typeof rfmCellContacts>;
export type CohortRetention = Answer<typeof cohortRetention>;
export type PredictedValue = Answer<typeof predictedValueHistogram>;
export type SegmentSizes = Answer<typeof segmentSizes>;
/** The property names seen on a tracked event, as `GET /api/events/properties` sends them. */
export type EventProperties = RouteAnswer<typeof eventPropertiesRoute>;

// Workspace administration.
export type Channel = RouteAnswer<typeof channelRoute> & { secret?: string };
export type NewChannel = RouteBody<typeof createChannelRoute>;
export type ChannelTest = RouteAnswer<typeof testChannelRoute>;
export type Pairing = RouteAnswer<typeof pairingRoute>;
export type TeamMember = Item<typeof listUsersRoute>;
export type NewUser = RouteBody<typeof createUserRoute>;
export type Team = Item<typeof listTeamsRoute>;
export type NewTeam = RouteBody<typeof createTeamRoute>;
export type CannedResponse = Item<typeof listCannedRoute>;
export type NewCannedResponse = RouteBody<typeof createCannedRoute>;
export type Label = RouteAnswer<typeof createLabelRoute>;
export type NewLabel = RouteBody<typeof createLabelRoute>;
export type Workspace = RouteAnswer<typeof workspaceRoute>;
export type WorkspacePatch = RouteBody<typeof updateWorkspaceRoute>;
/** A connected shop as listed: its webhook URL and the secret masked. */
export type Integration = Item<typeof listIntegrationsRoute>;
export type NewIntegration = RouteBody<typeof createIntegrationRoute>;
/** The answer to connecting a shop: the same, with the whole secret (the only time it is shown). */
export type CreatedIntegration = RouteAnswer<typeof createIntegrationRoute>;
export type { IntegrationKind } from '../db/schema/index.ts';
/** An outbound webhook subscription as listed (its secret is never sent again). */
export type WebhookSubscription = Item<typeof listWebhooksRoute>;
export type NewWebhook = RouteBody<typeof createWebhookRoute>;
/** A new subscription, with its signing secret (`whsec_…`) this once. */
export type CreatedWebhook = RouteAnswer<typeof createWebhookRoute>;
export type WebhookPatch = RouteBody<typeof updateWebhookRoute>;
export type WebhookDeliveryPage = RouteAnswer<typeof webhookDeliveriesRoute>;
export type WebhookDelivery = WebhookDeliveryPage['items'][number];
/** Which deliveries the log shows: `status` narrows it to pending, delivered or failed ones. */
export type WebhookDeliveryQuery = RouteQuery<typeof webhookDeliveriesRoute>;
export type { WebhookDeliveryStatus } from '../webhooks/delivery-statuses.ts';
/** One delivery by id, or every event since a time. */
export type WebhookReplayRequest = RouteBody<typeof replayWebhookRoute>;
/** How many deliveries a replay queued: `replayed` sent again, `created` for events missed while the subscription was off. */
export type WebhookReplay = RouteAnswer<typeof replayWebhookRoute>;
/** The new secret, shown once, and until when the previous one still signs beside it. */
export type RotatedWebhookSecret = RouteAnswer<typeof rotateWebhookSecretRoute>;
/** What the receiver answered a test event: `ok`, its `status` (null without an answer), `ms`, the `error` in words. */
export type WebhookTestResult = RouteAnswer<typeof testWebhookRoute>;

// Reports.
export type TimeseriesPoint = RouteAnswer<typeof timeseriesRoute>['points'][number];
export type Metric = RouteQuery<typeof timeseriesRoute>['metric'];

// Automation.
export type Workflow = Item<typeof listWorkflowsRoute>;
export type SavedWorkflow = RouteAnswer<typeof createWorkflowRoute>;
/** One workflow with `source`, the definition as its author wrote it (the editor loads that). */
export type WorkflowDetail = RouteAnswer<typeof workflowRoute>;
export type WorkflowPreview = RouteAnswer<typeof workflowPreviewRoute>;
export type DraftPreviewRequest = RouteBody<typeof draftPreviewRoute>;
export type WorkflowRun = Item<typeof workflowRunsRoute>;
export type WorkflowStep = WorkflowRun['steps'][number];
export type WorkflowStats = RouteAnswer<typeof workflowStatsRoute>;
/** One entry of a 422's `errors` list for a workflow: a path into the definition and a sentence (the core's own). */
export type { ValidationError as ServerIssue } from '../../workflows/validate-workflow.ts';
export type Campaign = Item<typeof listCampaignsRoute>;
export type NewCampaign = RouteBody<typeof createCampaignRoute>;
/** Figures and the status as reported (`sending` until every message is final). */
export type CampaignStats = RouteAnswer<typeof campaignStatsRoute>;
export type CampaignPreview = RouteAnswer<typeof campaignPreviewRoute>;
export type TestSendResult = RouteAnswer<typeof testSendRoute>;
export type NewTemplate = RouteBody<typeof createTemplateRoute>;
export type SegmentPreview = RouteAnswer<typeof segmentPreviewRoute>;
export type SavedSegment = Item<typeof listSegmentsRoute>;

// Assistance.
export type AiSettingsView = RouteAnswer<typeof aiSettingsRoute>;
export type AiAvailability = RouteAnswer<typeof aiAvailabilityRoute>;
export type AiSettingsInput = RouteBody<typeof saveAiSettingsRoute>;
export type AiTestResult = RouteAnswer<typeof testAiRoute>;
export type AiTestInput = RouteBody<typeof testAiRoute>;
export type AssistRequest = RouteBody<typeof assistRoute>;

/** One event of the realtime stream, as the hub sends it. */
export type RealtimeEvent = Jsonified<HubEvent>;

/** Bulk actions, macros and presence (POST /api/conversations/bulk, /api/macros, /api/conversations/:id/presence). */
export type BulkRequest = z.input<typeof import('../conversations/bulk-input.ts').bulkBody>;
export type BulkAction = z.input<typeof import('../conversations/bulk-input.ts').bulkAction>;
export type { BulkResult } from '../conversations/bulk-input.ts';
export type MacroInput = z.input<typeof import('../macros/macro-input.ts').macroBody>;
export type MacroAction = z.input<typeof import('../macros/macro-input.ts').macroAction>;
export type Macro = Jsonified<typeof import('../db/schema/macros.ts').macros.$inferSelect>;
export type { MacroRunResult as MacroRun } from '../macros/macro-input.ts';
export type { Presence, PresenceState } from '../realtime/presence.ts';
