// Opens of a tracked email that the database could not record for a moment (a restart, a failover), kept in a file
// on this machine. The pixel's token is signed with the server's key, so it is verified without the database; the
// mail client fetches the pixel once, so without this the open was lost. The spool pass records each open, with the
// time it happened, once the database is back (opens feed the campaign's figures and its A/B test).
import { join } from 'node:path';
import { isTransientFailure } from '../../connectors/is-transient-failure.ts';
import type { Database } from '../db/client.ts';
import { drainKeptFiles, keepFile, type KeptCounts } from '../lib/kept-files.ts';
import type { Logger } from '../logger.ts';
import { recordOpen, type EngagementRequest } from './record-engagement.ts';

/** The folder under the data directory's spool that holds them. */
const OPEN_SPOOL = 'opens';

export async function keepOpen(spoolDir: string, open: EngagementRequest): Promise<void> {
  await keepFile(join(spoolDir, OPEN_SPOOL), JSON.stringify(open));
}

/**
 * Records every kept open and removes its file; one whose message is gone (erased) or carried no pixel is dropped, as
 * is one refused for any other lasting reason (an open is not worth a file left forever). While the database is still
 * away it stops and leaves the rest (`away`).
 */
export async function storeSpooledOpens(deps: { database: Database; log: Pick<Logger, 'warn' | 'error'>; now(): Date }, spoolDir: string): Promise<KeptCounts> {
  return drainKeptFiles(join(spoolDir, OPEN_SPOOL), deps.now(), deps.log, async (text) => {
    const kept = JSON.parse(text) as Omit<EngagementRequest, 'at'> & { at: string };
    try {
      return (await recordOpen(deps.database, { ...kept, at: new Date(kept.at) })) ? 'stored' : 'done';
    } catch (error) {
      if (isTransientFailure(error)) return 'away';
      deps.log.warn({ err: error, messageId: kept.messageId }, 'open spool: a kept open was refused; dropped');
      return 'done';
    }
  });
}
