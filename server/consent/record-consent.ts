// Records one consent change (per channel, or `all` marketing) with its source and time, and tells the agents' screens.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { consents } from '../db/schema/index.ts';
import { recordEvent } from '../events/record-event.ts';
import type { ConsentScope } from '../../workflows/guards/consent.ts';

/** How a consent was given or withdrawn; free text is allowed for integrations, these are the ones we write. */
export type ConsentSource = `keyword:${string}` | 'link' | 'one-click' | 'agent' | 'api' | 'import' | (string & {});

export interface ConsentChange {
  contactId: string;
  channel: ConsentScope;
  status: 'opted_in' | 'opted_out';
  source: ConsentSource;
  at: Date;
}

/** One row per contact and channel holds the latest word; an older change (a late redelivery) never overwrites a newer one. */
export async function recordConsent(tx: DbOrTx, change: ConsentChange): Promise<void> {
  await recordConsents(tx, [change]);
}

export async function recordConsents(tx: DbOrTx, changes: ConsentChange[]): Promise<void> {
  for (const c of changes) {
    await tx
      .insert(consents)
      .values(c)
      .onConflictDoUpdate({
        target: [consents.contactId, consents.channel],
        set: { status: c.status, source: c.source, at: c.at },
        setWhere: sql`${consents.at} <= ${c.at.toISOString()}::timestamptz`,
      });
  }
  const contactIds = [...new Set(changes.map((c) => c.contactId))];
  for (const contactId of contactIds) {
    const mine = changes.filter((c) => c.contactId === contactId).map(({ channel, status, source }) => ({ channel, status, source }));
    await recordEvent(tx, { type: 'contact.updated', contactId, payload: { changed: ['consents'], consents: mine } });
  }
}
