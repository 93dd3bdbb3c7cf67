// Opt-outs from an unsubscribe link that the database could not record for a moment (a restart, a failover), kept in
// a file on this machine. A mail client's one-click POST (RFC 8058) is sent once, and a customer who was told "you
// are unsubscribed" must be: the link's token is signed with the server's key, so it is verified without the
// database, and the opt-out is recorded, with the time it was asked for, by every process's spool pass once the
// database is back. A newer word (the customer subscribing again since) still wins: consent keeps the latest by time.
import { join } from 'node:path';
import { isTransientFailure } from '../../connectors/is-transient-failure.ts';
import type { Database } from '../db/client.ts';
import { transact } from '../events/record-event.ts';
import { drainKeptFiles, keepFile, type KeptCounts, type KeptOutcome } from '../lib/kept-files.ts';
import type { Logger } from '../logger.ts';
import { recordConsent, type ConsentChange } from './record-consent.ts';
import { survivingContactId } from './surviving-contact.ts';

/** The folder under the data directory's spool that holds them. */
const CONSENT_SPOOL = 'consents';

export async function keepConsentChange(spoolDir: string, change: ConsentChange): Promise<void> {
  // Kept in time order: the pass records them in the order they were asked for.
  await keepFile(join(spoolDir, CONSENT_SPOOL), JSON.stringify(change));
}

/**
 * Records every kept change and removes its file (for the contact it was merged into, if merged since); one for a contact that is gone (erased, deleted) is
 * dropped, as its link now answers "not valid". While the database is still away it stops and leaves the rest (`away`).
 */
export async function storeSpooledConsents(deps: { database: Database; log: Pick<Logger, 'warn' | 'error'>; now(): Date }, spoolDir: string): Promise<KeptCounts> {
  return drainKeptFiles(join(spoolDir, CONSENT_SPOOL), deps.now(), deps.log, async (text) => {
    const kept = JSON.parse(text) as ConsentChange & { at: string };
    return recordKept(deps, { ...kept, at: new Date(kept.at) });
  });
}

async function recordKept(deps: { database: Database; log: Pick<Logger, 'warn' | 'error'> }, change: ConsentChange): Promise<KeptOutcome> {
  try {
    const recorded = await transact(deps.database, async (tx) => {
      // Merged away while the change was kept: it is the merged profile's opt-out.
      const contactId = await survivingContactId(tx, change.contactId);
      if (contactId) await recordConsent(tx, { ...change, contactId });
      return Boolean(contactId);
    });
    if (recorded) return 'stored';
    deps.log.warn({ contactId: change.contactId, channel: change.channel }, 'consent spool: the contact is gone; its kept opt-out is dropped');
    return 'done';
  } catch (error) {
    if (isTransientFailure(error)) return 'away';
    deps.log.error({ err: error, contactId: change.contactId }, 'consent spool: a kept change was refused; left in place');
    return 'wait';
  }
}
