// Opt-outs from an unsubscribe link that the database could not record for a moment (a restart, a failover), kept in
// a file on this machine. A mail client's one-click POST (RFC 8058) is sent once, and a customer who was told "you
// are unsubscribed" must be: the link's token is signed with the server's key, so it is verified without the
// database, and the opt-out is recorded, with the time it was asked for, by every process's spool pass once the
// database is back. A newer word (the customer subscribing again since) still wins: consent keeps the latest by time.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { and, eq, isNull } from 'drizzle-orm';
import { isTransientFailure } from '../../connectors/is-transient-failure.ts';
import type { Database } from '../db/client.ts';
import { contacts } from '../db/schema/index.ts';
import { transact } from '../events/record-event.ts';
import { namesIn, writePrivateFileDurably } from '../lib/private-files.ts';
import type { Logger } from '../logger.ts';
import { recordConsent, type ConsentChange } from './record-consent.ts';

/** The folder under the data directory's spool that holds them. */
const CONSENT_SPOOL = 'consents';

export async function keepConsentChange(spoolDir: string, change: ConsentChange): Promise<void> {
  // Time-ordered names: the pass records them in the order they were asked for.
  await writePrivateFileDurably(join(spoolDir, CONSENT_SPOOL), `${Bun.randomUUIDv7()}.json`, JSON.stringify(change));
}

/**
 * Records every kept change and removes its file; one for a contact that is gone (erased, merged away, deleted) is
 * dropped, as its link now answers "not valid". While the database is still away it stops and leaves the rest.
 */
export async function storeSpooledConsents(deps: { database: Database; log: Pick<Logger, 'warn' | 'error'> }, spoolDir: string): Promise<{ files: number; stored: number; left: number }> {
  const counts = { files: 0, stored: 0, left: 0 };
  const dir = join(spoolDir, CONSENT_SPOOL);
  for (const name of (await namesIn(dir)).sort()) {
    if (!name.endsWith('.json')) continue;
    const path = join(dir, name);
    counts.files++;
    let change: ConsentChange;
    try {
      const kept = JSON.parse(await readFile(path, 'utf8')) as ConsentChange & { at: string };
      change = { ...kept, at: new Date(kept.at) };
    } catch (error) {
      deps.log.error({ err: error, path }, 'consent spool: a kept change cannot be read; left in place');
      counts.left++;
      continue;
    }
    try {
      const recorded = await transact(deps.database, async (tx) => {
        const [contact] = await tx
          .select({ id: contacts.id })
          .from(contacts)
          .where(and(eq(contacts.id, change.contactId), isNull(contacts.erasedAt)));
        if (contact) await recordConsent(tx, change);
        return Boolean(contact);
      });
      if (recorded) counts.stored++;
      else deps.log.warn({ contactId: change.contactId, channel: change.channel }, 'consent spool: the contact is gone; its kept opt-out is dropped');
    } catch (error) {
      if (isTransientFailure(error)) {
        counts.left++;
        return counts;
      }
      deps.log.error({ err: error, path }, 'consent spool: a kept change was refused; left in place');
      counts.left++;
      continue;
    }
    await rm(path, { force: true });
  }
  return counts;
}
