// Entry point: `bun server/main.ts [all|serve|work]` — all (default) runs HTTP and workers in one process;
// `bun server/main.ts files:move --to s3|disk` moves attachments between the disk and the bucket, then exits;
// `bun server/main.ts files:orphans [--delete]` reports (and deletes) stored files no row names.
import { describeIgnored, describeMisconfiguration, loadConfig } from './config.ts';
import { restrictUmask, tightenTree } from './lib/private-files.ts';
import { filesMoveCommand } from './files/files-move-command.ts';
import { filesOrphansCommand } from './files/files-orphans-command.ts';

// Before anything writes: every file under the data dir (key, database, attachments) is owner-only.
restrictUmask();

const command = process.argv[2] ?? 'all';
const commands = { 'files:move': filesMoveCommand, 'files:orphans': filesOrphansCommand };
if (!['all', 'serve', 'work'].includes(command) && !(command in commands)) {
  console.error(`Unknown role "${command}". Use one of: all, serve, work (or the commands files:move, files:orphans).`);
  process.exit(2);
}
const role = command as 'all' | 'serve' | 'work';

/** Configuration, storage and data-dir problems end the start with their message and exit code 2, not a stack trace. */
async function orExit<T>(step: () => T | Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const words = describeMisconfiguration(error);
    if (words === undefined) throw error;
    console.error(words);
    process.exit(2);
  }
}

const config = await orExit(() => loadConfig());
if (command in commands) {
  for (const ignored of config.ignored) console.warn(describeIgnored(ignored));
  process.exit(await commands[command as keyof typeof commands](process.argv.slice(3), config));
}

// Installs from before modes were enforced have world-readable files: fix them once per start.
tightenTree(config.dataDir);
// A new embedded database, or one with migrations to apply, is prepared by a child process whose memory leaves with it;
// it runs while the server's modules load. Loaded only for a server role: the files commands start in a fraction of the
// time without them.
const { prepareEmbeddedDatabase } = await import('./db/prepare-embedded-database.ts');
const preparing = prepareEmbeddedDatabase(config);
preparing.catch(() => {}); // awaited below, after the imports; not an unhandled rejection meanwhile
const { createApp } = await import('./app.ts');
const { createServices, startSpoolPass, startWorkers } = await import('./services.ts');

const prepared = await preparing;
if (prepared !== 0) process.exit(prepared);
const services = await orExit(() => createServices(config));
// A misspelt setting would otherwise be silently left at its default (a key generated per machine, files on disk).
for (const ignored of config.ignored) services.log.warn({ setting: ignored.name, closest: ignored.closest }, describeIgnored(ignored));
// Start-up garbage (a first start's initdb heap, up to 1 GB on PGlite; the migrations' SQL) is returned to the system
// now rather than whenever the collector next runs, which on an idle server can be minutes.
Bun.gc(true);
// The port before any worker: one that is taken (another Ulak, another dev server on 3000) ends the start in words,
// with exit code 2, before a worker has claimed a channel or a job. Requests that arrive meanwhile wait for the
// workers, so a server that answers is still one whose workers run.
let server: ReturnType<typeof Bun.serve> | undefined;
let openDoors: () => void = () => {};
let doorsOpen: Promise<void> | undefined = new Promise<void>((resolve) => (openDoors = resolve));
if (role !== 'work') {
  const app = createApp(services);
  const fetch: typeof app.fetch = (request, ...rest) => (doorsOpen ? doorsOpen.then(() => app.fetch(request, ...rest)) : app.fetch(request, ...rest));
  try {
    server = Bun.serve({ port: config.port, fetch, idleTimeout: 60 });
  } catch (error) {
    const why = listenRefusal((error as { code?: string }).code, config.port);
    if (!why) throw error;
    console.error(why);
    await services.close();
    process.exit(2);
  }
}
startSpoolPass(services);
if (role !== 'serve') await startWorkers(services);
openDoors();
doorsOpen = undefined;
if (server) {
  services.log.info({ url: `http://localhost:${server.port}`, db: services.database.kind, role }, 'Ulak is serving');
} else {
  services.log.info({ db: services.database.kind, role }, 'Ulak worker running');
}

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  services.log.info({ signal }, 'shutting down');
  await server?.stop();
  await services.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

/** Why the HTTP port cannot be had, in words, or undefined for a failure that is not about the port. */
function listenRefusal(code: string | undefined, port: number): string | undefined {
  if (code === 'EADDRINUSE') return `Port ${port} is in use (another Ulak, or another program, listens there): stop it, or set PORT to a free port, e.g. PORT=3001 npm start.`;
  if (code === 'EACCES') return `Port ${port} needs privileges this process does not have: set PORT to a port above 1023 (and put a proxy in front for 80 or 443).`;
  return undefined;
}
