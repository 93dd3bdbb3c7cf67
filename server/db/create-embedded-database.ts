// A server's first start on embedded PGlite creates the database (initdb), applies the migrations and installs the job
// queue's tables in a child process running this file, which exits when done. PGlite's memory grows to what initdb and
// the migrations needed and never shrinks, so a server that did this itself held about 30 MB more for as long as it
// ran (238 MB idle against 209 when a child does it); the server then opens a database with nothing left to do.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMisconfiguration, loadConfig, type Config } from '../config.ts';
import { JobQueue } from '../jobs/job-queue.ts';
import { createLogger } from '../logger.ts';
import { openDatabase, pgliteDir } from './client.ts';
import { migrate } from './migrate.ts';

/** Answers the child's exit code: 0 when it created the database or there was nothing to do; otherwise it has said why. */
export async function createNewEmbeddedDatabase(config: Config): Promise<number> {
  if (config.databaseUrl || existsSync(join(pgliteDir(config.dataDir), 'PG_VERSION'))) return 0;
  const child = Bun.spawn([process.execPath, fileURLToPath(import.meta.url)], { env: process.env, stdio: ['ignore', 'inherit', 'inherit'] });
  return child.exited;
}

if (import.meta.main) {
  try {
    const config = loadConfig();
    const existed = existsSync(join(pgliteDir(config.dataDir), 'PG_VERSION'));
    const database = await openDatabase({ dataDir: config.dataDir, sharedBuffersMb: config.pgliteSharedBuffersMb });
    try {
      const { applied } = await migrate(database);
      const jobs = new JobQueue(database);
      await jobs.start();
      await jobs.stop();
      createLogger(config.logLevel).info({ applied }, existed ? 'database migrated' : 'database created');
    } finally {
      await database.close();
    }
  } catch (error) {
    const words = describeMisconfiguration(error);
    if (words === undefined) throw error;
    console.error(words);
    process.exit(2);
  }
}
