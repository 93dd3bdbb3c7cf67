// Embedded PGlite is one process's database, and PGlite itself does not stop a second process from opening the same
// directory (a second `npm start`, a command run beside the server): both would write its files unsynchronised and
// corrupt them. A pid file beside the directory claims it, as Postgres's postmaster.pid does; a claim whose process has
// gone (killed, the machine restarted) is taken over.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { ConfigError } from '../config.ts';
import { PRIVATE_FILE_MODE } from '../lib/private-files.ts';

/** Claims `dir` for this process, or throws ConfigError naming the process that has it; answers the release. */
export function claimPgliteDir(dir: string): () => void {
  const pidFile = `${dir}.pid`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(pidFile, `${process.pid}\n`, { flag: 'wx', mode: PRIVATE_FILE_MODE });
      return () => {
        if (holderOf(pidFile) === process.pid) rmSync(pidFile, { force: true });
      };
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
      const holder = holderOf(pidFile);
      if (holder && holder !== process.pid && isRunning(holder)) {
        throw new ConfigError(
          `The embedded database in ${dir} is open in process ${holder}: two processes on one PGlite directory would corrupt it. Stop that process first (or set DATABASE_URL to share a Postgres between processes). If no Ulak is running, delete ${pidFile}.`,
        );
      }
      // Its process is gone: the claim is stale. Another starting process may take it first; the next attempt sees.
      rmSync(pidFile, { force: true });
    }
  }
  throw new ConfigError(`Could not claim the embedded database in ${dir}: other processes keep claiming it (${pidFile}).`);
}

function holderOf(pidFile: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(pidFile, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** A process that exists and is not a zombie (killed, waiting to be reaped: it holds no files any more). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as { code?: string }).code === 'EPERM';
  }
  try {
    // `pid (comm) S …`: the state follows the last parenthesis, as comm may hold any character.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (macOS): kill(0) is all there is to know
  }
}
