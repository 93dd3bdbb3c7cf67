// A server's start on embedded PGlite leaves creating the database (initdb), applying migrations and installing the job
// queue's tables to a child process running this file, which exits when done: PGlite's memory grows to what that work
// needed and never shrinks, so a server that did it itself held about 30 MB more for as long as it ran after a first
// start (238 MB idle against 209), and after an upgrade as much as its migrations needed (measured in a bare process:
// an index built on a table of 400,000 rows, 44 MB more). The server then opens a database with nothing left to do.
//
// Whether there is work is read without opening PGlite: no cluster yet, or a note beside it (`pglite.migrated`, as
// `pglite.pid` is) that does not name the newest migration. The note is written by the child once it has migrated; the
// database's own table of applied migrations stays the truth, so the server still migrates whatever the note missed.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, unlessMisconfigured, type Config } from '../config.ts';
import { JobQueue } from '../jobs/job-queue.ts';
import { PRIVATE_FILE_MODE } from '../lib/private-files.ts';
import { createLogger } from '../logger.ts';
import { openDatabase, pgliteDir } from './client.ts';
import { migrate, newestMigration } from './migrate.ts';

/**
 * Answers the child's exit code: 0 when it did the work or there was none; otherwise it has said why, or a stop was
 * asked for meanwhile (SIGTERM, SIGINT: passed on to the child, which would otherwise go on holding the directory).
 */
export async function prepareEmbeddedDatabase(config: Config): Promise<number> {
  if (config.databaseUrl || embeddedDatabaseReady(config.dataDir)) return 0;
  const child = Bun.spawn([process.execPath, fileURLToPath(import.meta.url)], { env: process.env, stdio: ['ignore', 'inherit', 'inherit'] });
  let stoppedBy: NodeJS.Signals | undefined;
  const stop = (signal: NodeJS.Signals) => {
    stoppedBy = signal;
    child.kill(signal);
  };
  process.on('SIGTERM', stop).on('SIGINT', stop);
  try {
    const code = await child.exited;
    // 128 + the signal's number, as a shell reports a process a signal ended.
    return stoppedBy ? 128 + constants.signals[stoppedBy] : code;
  } finally {
    process.off('SIGTERM', stop).off('SIGINT', stop);
  }
}

/** A cluster exists and the note names the newest migration. */
function embeddedDatabaseReady(dataDir: string): boolean {
  if (!clusterExists(dataDir)) return false;
  try {
    return readFileSync(noteOf(dataDir), 'utf8').trim() === newestMigration();
  } catch {
    return false;
  }
}

function clusterExists(dataDir: string): boolean {
  return existsSync(join(pgliteDir(dataDir), 'PG_VERSION'));
}

function noteOf(dataDir: string): string {
  return `${pgliteDir(dataDir)}.migrated`;
}

if (import.meta.main) {
  const prepared = await unlessMisconfigured(async () => {
    const config = loadConfig();
    const existed = clusterExists(config.dataDir);
    const database = await openDatabase({ dataDir: config.dataDir, sharedBuffersMb: config.pgliteSharedBuffersMb });
    try {
      const { applied } = await migrate(database);
      const jobs = new JobQueue(database);
      await jobs.start();
      await jobs.stop();
      writeFileSync(noteOf(config.dataDir), `${newestMigration()}\n`, { mode: PRIVATE_FILE_MODE });
      createLogger(config.logLevel).info({ applied }, existed ? 'database migrated' : 'database created');
      return true;
    } finally {
      await database.close();
    }
  }, console.error);
  if (!prepared) process.exit(2);
}
