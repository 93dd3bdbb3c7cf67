// `npm run test:crash`: the real server under kill -9, inbound and outbound, on a fresh database.
// PGlite by default; with DATABASE_URL a fresh database on that Postgres server. Prints one
// `<scenario> (<db>) <figure>: <value>` line per figure and exits non-zero on any lost, doubled or stuck message.
import { randomBytes } from 'node:crypto';
import { ApiClient } from './api-client.ts';
import { flakyReceiver } from './flaky-receiver.ts';
import type { Figures } from './figures.ts';
import { inboundFigures, runInboundCrash } from './inbound-crash.ts';
import { outboundFigures, runOutboundCrash } from './outbound-crash.ts';
import { scratchDatabase } from './scratch-database.ts';
import { freePort, killAllServers, ServerProcess } from './server-process.ts';

const TIME_BOUND_SECONDS = Number(process.env.CRASH_TIME_BOUND_SECONDS ?? 300);

const scratch = await scratchDatabase(process.env.DATABASE_URL);
const receiver = flakyReceiver();
const port = await freePort();
const server = new ServerProcess(
  port,
  {
    ULAK_DATA_DIR: scratch.dataDir,
    ...(scratch.databaseUrl ? { DATABASE_URL: scratch.databaseUrl } : {}),
    ULAK_SECRET_KEY: randomBytes(32).toString('hex'),
    ULAK_PUBLIC_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'warn',
    // The shortest claim allowed: a reply whose worker was killed goes out again within a minute, not five.
    ULAK_SEND_LEASE_SECONDS: '30',
    // The receiver is local: allow it should outbound webhooks ever refuse private addresses.
    ULAK_WEBHOOK_ALLOW: '127.0.0.1/32',
  },
  scratch.dataDir,
);

async function cleanUp() {
  killAllServers();
  receiver.stop();
  await Promise.race([scratch.drop(), Bun.sleep(15_000)]).catch((e) => console.error('dropping the scratch database failed:', e));
}

const bound = setTimeout(async () => {
  console.log(`crash (${scratch.kind}) FAILED: not done within ${TIME_BOUND_SECONDS} s`);
  console.error(server.logTail());
  await cleanUp();
  process.exit(1);
}, TIME_BOUND_SECONDS * 1000);

let failed = false;
const started = Date.now();
try {
  await server.start();
  const api = new ApiClient(server.url);
  await api.setUp();
  const inbound = await runInboundCrash(server, api);
  const outbound = await runOutboundCrash(server, api, receiver);
  await server.stop();
  // Counted from the database itself, after a clean stop (embedded PGlite admits one process at a time).
  const database = await scratch.open();
  let figures: Figures[];
  try {
    figures = [await inboundFigures(database, inbound), await outboundFigures(database, outbound, receiver)];
  } finally {
    await database.close();
  }
  for (const f of figures) f.print(scratch.kind);
  console.log(`crash (${scratch.kind}) start_seconds: ${server.startSeconds.join(' ')}`);
  console.log(`crash (${scratch.kind}) seconds: ${Math.round((Date.now() - started) / 1000)}`);
  failed = figures.some((f) => f.failures.length > 0);
  if (failed) console.error(server.logTail());
} catch (error) {
  console.log(`crash (${scratch.kind}) FAILED: ${(error as Error).stack ?? error}`);
  console.error(server.logTail());
  failed = true;
} finally {
  clearTimeout(bound);
  await cleanUp();
}
process.exit(failed ? 1 : 0);
