// Records one consent change (per channel, or `all` marketing) with its source and time, and tells the agents' screens.
import { and, eq, sql } from 'drizzle-orm';
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

/**
 * Announces (`contact.updated`, `changed: ["consents"]`) only the changes that moved a contact's consent: a new word,
 * or a different one. One that repeats the stored word, or comes older than it, changes what is stored at most in its
 * time and source, and tells integrators nothing.
 */
export async function recordConsents(tx: DbOrTx, changes: ConsentChange[]): Promise<void> {
  const moved: ConsentChange[] = [];
  for (const c of changes) {
    const [before] = await tx
      .select({ status: consents.status })
      .from(consents)
      .where(and(eq(consents.contactId, c.contactId), eq(consents.channel, c.channel)));
    const written = await tx
      .insert(consents)
      .values(c)
      .onConflictDoUpdate({
        target: [consents.contactId, consents.channel],
        set: { status: c.status, source: c.source, at: c.at },
        setWhere: sql`${consents.at} <= ${c.at.toISOString()}::timestamptz`,
      })
      .returning({ status: consents.status });
    if (written.length && before?.status !== c.status) moved.push(c);
  }
  const contactIds = [...new Set(moved.map((c) => c.contactId))];
  for (const contactId of contactIds) {
    const mine = moved.filter((c) => c.contactId === contactId).map(({ channel, status, source }) => ({ channel, status, source }));
    await recordEvent(tx, { type: 'contact.updated', contactId, payload: { changed: ['consents'], consents: mine } });
  }
}
