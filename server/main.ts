// Entry point: `bun server/main.ts [all|serve|work]` — all (default) runs HTTP and workers in one process.
import { ConfigError, loadConfig } from './config.ts';
import { createApp } from './app.ts';
import { createServices, startWorkers } from './services.ts';
import { restrictUmask, tightenTree } from './lib/private-files.ts';

// Before anything writes: every file under the data dir (key, database, attachments) is owner-only.
restrictUmask();

const role = (process.argv[2] ?? 'all') as 'all' | 'serve' | 'work';
if (!['all', 'serve', 'work'].includes(role)) {
  console.error(`Unknown role "${role}". Use one of: all, serve, work.`);
  process.exit(2);
}

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}

// Installs from before modes were enforced have world-readable files: fix them once per start.
tightenTree(config.dataDir);
const services = await createServices(config);
let server: ReturnType<typeof Bun.serve> | undefined;
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
