// The workspace: one per installation, holding its settings.
import { boolean, doublePrecision, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { timestamps } from './columns.ts';

export interface QuietHours {
  start: string;
  end: string;
}

/** Open and click tracking of marketing email (server/tracking): all off until an admin turns them on. */
export interface TrackingSettings {
  opens: boolean;
  clicks: boolean;
  utm: boolean;
}
export const TRACKING_OFF: TrackingSettings = { opens: false, clicks: false, utm: false };

export const workspaces = pgTable('workspaces', {
  id: integer().primaryKey().default(1),
  name: text().notNull().default('Ulak'),
  timeZone: text().notNull().default('Europe/Istanbul'),
  defaultRegion: text().notNull().default('TR'),
  /** Lifetime figures are totalled in this currency through the admin's currency rates. */
  currency: text().notNull().default('TRY'),
  quietHours: jsonb().$type<QuietHours>().notNull().default({ start: '21:00', end: '09:00' }),
  frequencyCap: jsonb().$type<{ max: number; perDays: number }>().notNull().default({ max: 3, perDays: 7 }),
  /** A new subject from a known contact with no thread headers joins their open conversation. */
  emailJoinOpenConversation: boolean().notNull().default(true),
  /** A buyer whose BG/NBD probability of being active falls below this, while their value is high, is at churn risk. */
  churnRiskThreshold: doublePrecision().notNull().default(0.5),
  tracking: jsonb().$type<TrackingSettings>().notNull().default(TRACKING_OFF),
  ...timestamps,
});
