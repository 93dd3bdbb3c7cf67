// Signed inbound messages at concurrency 8 with the server killed (-9) twice mid-stream: every message that was not
// acknowledged is resent after the restart, then all of them once more; each must be stored exactly once.
import type { Database } from '../../server/db/client.ts';
import type { ApiClient, ApiChannel } from './api-client.ts';
import type { ServerProcess } from './server-process.ts';
import { Figures, pool } from './figures.ts';

export interface InboundRun {
  channel: ApiChannel;
  total: number;
  unacknowledged: number;
  /** Resends after the restarts that still did not get a 2xx. */
  resendFailures: number;
  /** Messages that had been acknowledged, yet the final resend stored them anew: an acknowledged message was lost. */
  lostAfterAck: string[];
  seconds: number;
}

const externalId = (i: number) => `crash-in-${i}`;
const message = (i: number) => ({ externalId: externalId(i), from: { id: `sender-${i % 30}`, name: `Sender ${i % 30}` }, text: `crash message ${i}` });

export async function runInboundCrash(server: ServerProcess, api: ApiClient, total = 300, concurrency = 8): Promise<InboundRun> {
  const began = Date.now();
  const channel = await api.createApiChannel('Crash inbound');
  const acked = new Set<number>();
  const killAt = new Set([Math.floor(total / 3), Math.floor((2 * total) / 3)]);
  let restarting: Promise<void> = Promise.resolve();

  // While the server is down the workers wait at the gate; the requests in flight at the kill are simply cut off.
  await pool(
    total,
    concurrency,
    async (i) => {
      if (killAt.has(i)) {
        restarting = server.crashAndRestart();
        await restarting;
      }
      const res = await api.postInbound(channel, message(i));
      if (res.status >= 200 && res.status < 300) acked.add(i);
    },
    () => restarting,
  );

  const missing = [...Array(total).keys()].filter((i) => !acked.has(i));
  let resendFailures = 0;
  await pool(missing.length, concurrency, async (k) => {
    const res = await api.postInbound(channel, message(missing[k]!));
    if (res.status >= 200 && res.status < 300) acked.add(missing[k]!);
    else resendFailures++;
  });

  // Everything once more: by now every message was acknowledged, so each answer must say it is a duplicate.
  const lostAfterAck: string[] = [];
  await pool(total, concurrency, async (i) => {
    const res = await api.postInbound(channel, message(i));
    if (res.status < 200 || res.status >= 300) resendFailures++;
    else if (acked.has(i) && res.body?.duplicate !== true) lostAfterAck.push(externalId(i));
  });
  return { channel, total, unacknowledged: missing.length, resendFailures, lostAfterAck, seconds: Math.round((Date.now() - began) / 1000) };
}

export async function inboundFigures(database: Database, run: InboundRun): Promise<Figures> {
  const { rows } = await database.executor.executeSql(`select external_id, count(*)::int as n from messages where channel_id = $1 and direction = 'in' group by external_id`, [run.channel.id]);
  const stored = new Map<string, number>(rows.map((r: { external_id: string; n: number }) => [r.external_id, Number(r.n)]));
  const expected = Array.from({ length: run.total }, (_, i) => externalId(i));
  const lost = new Set([...expected.filter((id) => !stored.has(id)), ...run.lostAfterAck]);
  const duplicates = [...stored.values()].reduce((sum, n) => sum + n - 1, 0);
  const strangers = [...stored.keys()].filter((id) => !expected.includes(id));

  const f = new Figures('crash_inbound');
  f.set('sent', run.total);
  f.set('unacknowledged', run.unacknowledged);
  f.set(
    'stored',
    [...stored.values()].reduce((a, b) => a + b, 0),
  );
  f.set('duplicates', duplicates);
  f.set('lost', lost.size);
  f.set('seconds', run.seconds);
  f.check(lost.size === 0, `lost ${[...lost].slice(0, 10).join(', ')}`);
  f.check(duplicates === 0, `${duplicates} messages stored more than once`);
  f.check(strangers.length === 0, `stored messages nobody sent: ${strangers.slice(0, 10).join(', ')}`);
  f.check(run.resendFailures === 0, `${run.resendFailures} resends after the restarts were not acknowledged`);
  return f;
}
