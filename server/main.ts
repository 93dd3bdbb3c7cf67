// Entry point: `bun server/main.ts [all|serve|work]` — all (default) runs HTTP and workers in one process;
// `bun server/main.ts files:move --to s3|disk` moves attachments between the disk and the bucket, then exits;
// `bun server/main.ts files:orphans [--delete]` reports (and deletes) stored files no row names.
import { ConfigError, describeIgnored, loadConfig } from './config.ts';
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

/** Configuration and storage problems end the start with their message and exit code 2, not a stack trace. */
async function orExit<T>(step: () => T | Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
}

const config = await orExit(() => loadConfig());
if (command in commands) {
  for (const ignored of config.ignored) console.warn(describeIgnored(ignored));
  process.exit(await commands[command as keyof typeof commands](process.argv.slice(3), config));
}

// Loaded only for a server role: the files command starts in a fraction of the time without them.
const { createApp } = await import('./app.ts');
const { createServices, startSpoolPass, startWorkers } = await import('./services.ts');

// Installs from before modes were enforced have world-readable files: fix them once per start.
tightenTree(config.dataDir);
const services = await orExit(() => createServices(config));
// A misspelt setting would otherwise be silently left at its default (a key generated per machine, files on disk).
for (const ignored of config.ignored) services.log.warn({ setting: ignored.name, closest: ignored.closest }, describeIgnored(ignored));
// Start-up garbage (a first start's initdb heap, up to 1 GB on PGlite; the migrations' SQL) is returned to the system
// now rather than whenever the collector next runs, which on an idle server can be minutes.
Bun.gc(true);
let server: ReturnType<typeof Bun.serve> | undefined;
startSpoolPass(services);
if (role !== 'serve') await startWorkers(services);
if (role !== 'work') {
  const app = createApp(services);
  server = Bun.serve({ port: config.port, fetch: app.fetch, idleTimeout: 60 });
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
