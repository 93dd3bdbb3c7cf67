// Domain events (the trigger feed for workflows and the realtime stream) and the audit log.
import { sql } from 'drizzle-orm';
import { bigserial, boolean, customType, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.ts';

/** The writing transaction's id: readers order by (txid, id) below the horizon of this database's running transactions, so a late commit is never skipped. */
const xid8 = customType<{ data: string }>({ dataType: () => 'xid8' });

export const domainEvents = pgTable(
  'domain_events',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    type: text().notNull(),
    contactId: uuid(),
    conversationId: uuid(),
    messageId: uuid(),
    causedByAutomation: boolean().notNull().default(false),
    payload: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    txid: xid8()
      .notNull()
      .default(sql`pg_current_xact_id()`),
  },
  (t) => [index().on(t.type, t.createdAt), index().on(t.conversationId), index('domain_events_txid_id_idx').on(t.txid, t.id)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: id(),
    actorUserId: uuid(),
    action: text().notNull(),
    targetType: text().notNull(),
    targetId: text(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.targetType, t.targetId)],
);
