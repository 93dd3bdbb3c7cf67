// Marketing: reusable templates, saved segments, campaigns and one recipient row per contact per campaign.
import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { AbMetric, AbTest, VariantKey, WinnerDecidedBy } from '../../../workflows/campaigns/ab-test.ts';
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

/** One A/B variant: its own template (subject and body), its relative weight, and the template's snapshot from the start. */
export interface CampaignVariant {
  key: VariantKey;
  templateId: string;
  weight: number;
  template?: TemplateDefinition;
}
export type { AbMetric, AbTest };

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
    /** This share of the audience (0–50%), drawn by the workflows' holdout hash, is held out: never sent, measured for lift. */
    holdoutPercent: integer().notNull().default(0),
    /** An order this many days after a message (or after the start, for the held out) is attributed to it: last touch. */
    conversionWindowDays: integer().notNull().default(7),
    /** 2–4 A/B variants (`templateId` is then variant A's); null for a campaign with one message. */
    variants: jsonb().$type<CampaignVariant[]>(),
    /** How the A/B winner is chosen: metric, test share, hours until the decision. */
    abTest: jsonb().$type<AbTest>(),
    /** The winning variant's key, once chosen by the tick (`auto`, or `untested` when the test share messaged nobody) or by the marketer (`manual`). */
    winner: text().$type<VariantKey>(),
    winnerDecidedAt: at(),
    winnerDecidedBy: text().$type<WinnerDecidedBy>(),
    status: text().$type<CampaignStatus>().notNull().default('draft'),
    startedAt: at(),
    /** Where the throttle budget is measured from: the last tick that sent, or the start/resume. */
    lastTickAt: at(),
    completedAt: at(),
    ...timestamps,
  },
  (t) => [index().on(t.status)],
);

export const RECIPIENT_STATUSES = ['queued', 'deferred', 'sent', 'failed', 'skipped', 'held_out', 'awaiting_winner'] as const;
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
    /**
     * queued → sent (message created) | skipped (reason) | failed (error); deferred = waiting out quiet hours;
     * held_out = in the campaign's holdout group from the start: never sent, the control group for lift;
     * awaiting_winner = outside an A/B test's test share: queued with the winning variant once it is chosen.
     */
    status: text().$type<RecipientStatus>().notNull().default('queued'),
    reason: text(),
    dueAt: at().notNull(),
    messageId: uuid().references(() => messages.id, { onDelete: 'set null' }),
    channelId: uuid(),
    sentAt: at(),
    /** The A/B variant this recipient is sent (for the remainder: the winner, once chosen); null without variants. */
    variant: text().$type<VariantKey>(),
    /** `test`: drawn into a variant's test group (the groups compared); `remainder`: sent the winner afterwards. */
    abPhase: text().$type<'test' | 'remainder'>(),
    ...timestamps,
  },
  // By contact: revenue attribution looks up every campaign message a buyer received.
  (t) => [uniqueIndex().on(t.campaignId, t.contactId), index().on(t.campaignId, t.status, t.dueAt), index().on(t.contactId)],
);
