// Customer analytics history: what the value figures looked like on past days, for charts over time.
import { date, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { at } from './columns.ts';

/** The size of each named RFM segment on a day (in the workspace zone), written by the RFM pass; the day's last pass wins. */
export const rfmSegmentSizes = pgTable(
  'rfm_segment_sizes',
  {
    day: date({ mode: 'string' }).notNull(),
    segment: text().notNull(),
    contacts: integer().notNull(),
    recordedAt: at().notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.segment] })],
);
