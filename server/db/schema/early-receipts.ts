// Delivery receipts that came before their message was recorded as sent. A provider may report on a message while our
// send is still writing down the id it was given: Twilio's status callback, WhatsApp's server ack, an API channel's
// integrator answering its webhook with a receipt. Each waits here until that record names its id, then is applied
// with it (server/outbound/early-receipts.ts).
import { index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import type { DeliveryStatus } from '../../../connectors/channel.ts';
import { at, createdAt } from './columns.ts';
import { channels } from './channels.ts';

export const earlyReceipts = pgTable(
  'early_receipts',
  {
    channelId: uuid()
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    /** The provider's id for the message, as `DeliveryUpdate.externalId`. */
    externalId: text().notNull(),
    status: text().$type<Exclude<DeliveryStatus, 'queued'>>().notNull(),
    /** When the provider says it happened. */
    at: at().notNull(),
    errorCode: text(),
    errorMessage: text(),
    receivedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.externalId, t.status] }), index().on(t.receivedAt)],
);
