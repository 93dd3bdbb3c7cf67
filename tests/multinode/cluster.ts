// A deployment of several machines on one host: two `serve` and two `work` processes, each with its own data dir and
// port, on one fresh Postgres database and one S3 bucket (the tests' S3-protocol server), sharing one secret key.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { scratchDatabase, type ScratchDatabase } from '../crash/scratch-database.ts';
import { freePort, killAllServers, ServerProcess, type Role } from '../crash/server-process.ts';
import { startFakeS3, type FakeS3 } from '../support/fake-s3.ts';

export interface Cluster {
  serveA: ServerProcess;
  serveB: ServerProcess;
  workers: [ServerProcess, ServerProcess];
  s3: FakeS3;
  scratch: ScratchDatabase;
  /** A connection of the test's own, for what only the database can tell (who holds a lock). */
  sql: postgres.Sql;
  /** Each process's Postgres application_name, so pg_stat_activity says which process a session belongs to. */
  appName(process: ServerProcess): string;
  stop(): Promise<void>;
}

/** Starts all four at once, as a compose file or an orchestrator does: they migrate the empty database side by side. */
export async function startCluster(serverUrl: string): Promise<Cluster> {
  const scratch = await scratchDatabase(serverUrl, 'ulak_multinode');
  const s3 = startFakeS3();
  const secret = randomBytes(32).toString('hex');
  const ports = { a: await freePort(), b: await freePort(), w1: await freePort(), w2: await freePort() };
  const names = new Map<ServerProcess, string>();
  const node = (name: string, role: Role, port: number) => {
    const dataDir = join(scratch.dataDir, name);
    mkdirSync(dataDir);
    const url = new URL(scratch.databaseUrl!);
    url.searchParams.set('application_name', `ulak-${name}`);
    const env = {
      DATABASE_URL: url.toString(),
      ULAK_DATA_DIR: dataDir,
      ULAK_SECRET_KEY: secret,
      // What a load balancer in front of both serve processes would be; signed file links point there.
      ULAK_PUBLIC_URL: `http://127.0.0.1:${ports.a}`,
      // Info: a worker is ready when it logs so.
      LOG_LEVEL: 'info',
      // The shortest claim allowed: the killed worker's claimed messages are taken over after 30 s.
      ULAK_SEND_LEASE_SECONDS: '30',
      // The integrator's webhook receiver and the fake Bot API listen on this machine.
      ULAK_WEBHOOK_ALLOW: '127.0.0.1/32',
      ...s3.env(),
    };
    const server = new ServerProcess(port, env, dataDir, role);
    names.set(server, `ulak-${name}`);
    return server;
  };
  const serveA = node('serve-a', 'serve', ports.a);
  const serveB = node('serve-b', 'serve', ports.b);
  const workers: [ServerProcess, ServerProcess] = [node('work-1', 'work', ports.w1), node('work-2', 'work', ports.w2)];
  const sql = postgres(scratch.databaseUrl!, { max: 1, onnotice: () => {} });
  const cluster: Cluster = {
    serveA,
    serveB,
    workers,
    s3,
    scratch,
    sql,
    appName: (p) => names.get(p)!,
    async stop() {
      killAllServers();
      s3.stop();
      await sql.end({ timeout: 5 }).catch(() => {});
      await Promise.race([scratch.drop(), Bun.sleep(15_000)]).catch((e) => console.error('dropping the scratch database failed:', e));
    },
  };
  try {
    await Promise.all([serveA, serveB, ...workers].map((p) => p.start()));
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}

/** The application_name of every session holding the channel's advisory lock (see server/channels/channel-locks.ts). */
export async function channelLockHolders(sql: postgres.Sql, lockName: string): Promise<string[]> {
  // A bigint advisory key shows in pg_locks as classid (high 32 bits) and objid (low 32 bits), with objsubid 1.
  const rows = await sql<{ application_name: string }[]>`
    select a.application_name from pg_locks l join pg_stat_activity a on a.pid = l.pid
    where l.locktype = 'advisory' and l.granted and l.objsubid = 1
      and l.database = (select oid from pg_database where datname = current_database())
      and ((l.classid::int8 << 32) | l.objid::int8) = hashtextextended(${lockName}, 0)`;
  return rows.map((r) => r.application_name).sort();
}
