// Marketing: reusable templates, saved segments, campaigns and one recipient row per contact per campaign.
import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { CampaignStatus } from '../../../workflows/campaigns/lifecycle.ts';
import type { CampaignSchedule } from '../../../workflows/campaigns/model.ts';
import type { ChannelOrder } from '../../../workflows/channel-policy.ts';
import type { Condition, TemplateDefinition } from '../../../workflows/model.ts';
import { at, id, timestamps } from './columns.ts';
import { contacts } from './contacts.ts';
import { messages } from './messages.ts';

export const templates = pgTable('templates', {
  id: id(),
  name: text().notNull().unique(),
  /** `{ fallbackLanguage, languages: { <tag>: { subject?, body } } }`, checked for unknown variables on save. */
  definition: jsonb().$type<TemplateDefinition>().notNull(),
  ...timestamps,
});

export const segments = pgTable('segments', {
  id: id(),
  name: text().notNull().unique(),
  conditions: jsonb().$type<Condition>().notNull(),
  ...timestamps,
});

export type { CampaignSchedule };
/** The channel accounts a campaign may use; the contact's preference and consent pick among them. */
export interface ChannelPolicy {
  channelIds: string[];
  /** The channel kinds in order (or `'preferred'`), replacing the policy's fixed order; absent = the policy. */
  channels?: ChannelOrder;
}

export const campaigns = pgTable(
  'campaigns',
  {
    id: id(),
    name: text().notNull(),
    /** The saved segment it was built from, if any; `conditions` is the snapshot actually used. */
    segmentId: uuid().references(() => segments.id, { onDelete: 'set null' }),
    conditions: jsonb().$type<Condition>().notNull(),
    templateId: uuid().references(() => templates.id, { onDelete: 'set null' }),
    /** Copied from the template at start, so editing the template later does not change a running campaign. */
    template: jsonb().$type<TemplateDefinition>(),
    channelPolicy: jsonb().$type<ChannelPolicy>().notNull(),
    schedule: jsonb().$type<CampaignSchedule>().notNull(),
    throttlePerSecond: integer().notNull().default(10),
    /** `html` sends the body as HTML with a generated plain-text part; `text` never does; absent = HTML when the body looks like HTML. */
    format: text().$type<'text' | 'html'>(),
    status: text().$type<CampaignStatus>().notNull().default('draft'),
    startedAt: at(),
    /** Where the throttle budget is measured from: the last tick that sent, or the start/resume. */
    lastTickAt: at(),
    completedAt: at(),
    ...timestamps,
  },
  (t) => [index().on(t.status)],
);

export const RECIPIENT_STATUSES = ['queued', 'deferred', 'sent', 'failed', 'skipped'] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];

export const campaignRecipients = pgTable(
  'campaign_recipients',
  {
    id: id(),
    campaignId: uuid()
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    contactId: uuid()
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    /** queued → sent (message created) | skipped (reason) | failed (error); deferred = waiting out quiet hours. */
    status: text().$type<RecipientStatus>().notNull().default('queued'),
    reason: text(),
    dueAt: at().notNull(),
    messageId: uuid().references(() => messages.id, { onDelete: 'set null' }),
    channelId: uuid(),
    sentAt: at(),
    ...timestamps,
  },
  (t) => [uniqueIndex().on(t.campaignId, t.contactId), index().on(t.campaignId, t.status, t.dueAt)],
);
