// Replies queued to a receiver that fails, hangs and answers, with the server killed (-9) mid-send: every reply must
// reach a final state, each one the receiver took in must end sent, and every delivery carries the reply's own key.
import type { Database } from '../../server/db/client.ts';
import type { ApiClient } from './api-client.ts';
import type { ServerProcess } from './server-process.ts';
import { behaviourOf, type flakyReceiver } from './flaky-receiver.ts';
import { Figures } from './figures.ts';

const FINAL = new Set(['sent', 'delivered', 'failed']);

export interface OutboundRun {
  channelId: string;
  /** Reply number by message id. */
  replies: Map<string, number>;
  /** Deliveries the receiver was still working on when the server was killed. */
  inFlightAtKill: number;
  recoverySeconds: number;
}

export async function runOutboundCrash(server: ServerProcess, api: ApiClient, receiver: ReturnType<typeof flakyReceiver>, count = 40, waitMs = 210_000): Promise<OutboundRun> {
  const channel = await api.createApiChannel('Crash replies', receiver.url);
  const hello = await api.postInbound(channel, { externalId: 'crash-out-customer', from: { id: 'customer', name: 'Customer' }, text: 'hello' });
  if (hello.status !== 202) throw new Error(`inbound on the reply channel answered ${hello.status}`);
  const conversationId: string = hello.body.conversationId;
  const replies = new Map<string, number>();
  for (let n = 0; n < count; n++) {
    const m = await api.call<{ id: string }>('POST', `/api/conversations/${conversationId}/messages`, { text: `crash reply ${n}` });
    replies.set(m.id, n);
  }

  // Kill while the receiver holds a hanging delivery and one it took in but has not answered yet.
  const until = Date.now() + 30_000;
  while (!(receiver.hanging > 0 && receiver.slow > 0) && Date.now() < until) await Bun.sleep(20);
  const inFlightAtKill = receiver.hanging + receiver.slow;
  await server.crashAndRestart();
  const restartedAt = Date.now();

  for (;;) {
    const page = await api.call<{ items: Array<{ id: string; direction: string; status: string }> }>('GET', `/api/conversations/${conversationId}/messages?limit=200`);
    const open = page.items.filter((m) => replies.has(m.id) && !FINAL.has(m.status));
    if (open.length === 0 || Date.now() - restartedAt > waitMs) break;
    await Bun.sleep(1_000);
  }
  return { channelId: channel.id, replies, inFlightAtKill, recoverySeconds: Math.round((Date.now() - restartedAt) / 1000) };
}

export async function outboundFigures(database: Database, run: OutboundRun, receiver: ReturnType<typeof flakyReceiver>): Promise<Figures> {
  const { rows } = await database.executor.executeSql(`select id, status, error_code from messages where channel_id = $1 and direction = 'out'`, [run.channelId]);
  const status = new Map<string, string>(rows.map((r: { id: string; status: string }) => [r.id, r.status]));
  const acceptedTimes = new Map<string, number>();
  for (const d of receiver.deliveries) if (d.accepted) acceptedTimes.set(d.messageId, (acceptedTimes.get(d.messageId) ?? 0) + 1);

  const stuck = [...run.replies.keys()].filter((id) => !FINAL.has(status.get(id) ?? 'missing'));
  const delivered = (id: string) => status.get(id) === 'sent' || status.get(id) === 'delivered';
  // Lost: a reply that should have gone out and did not, or one marked sent that the receiver never took in.
  const lost = [...run.replies].filter(([id, n]) => {
    if (stuck.includes(id)) return false;
    if (behaviourOf(n) === 'rejects') return false;
    return !delivered(id) || !acceptedTimes.has(id);
  });
  const sentDespiteRefusal = [...run.replies].filter(([id, n]) => behaviourOf(n) === 'rejects' && delivered(id));
  const keyMismatches = receiver.deliveries.filter((d) => d.idempotencyKey !== d.messageId);
  const strangers = receiver.deliveries.filter((d) => !run.replies.has(d.messageId));

  const f = new Figures('crash_outbound');
  f.set('replies', run.replies.size);
  f.set('in_flight_at_kill', run.inFlightAtKill);
  f.set('recovery_seconds', run.recoverySeconds);
  f.set('final', run.replies.size - stuck.length);
  f.set('stuck', stuck.length);
  f.set('sent', [...run.replies.keys()].filter(delivered).length);
  f.set('failed', [...run.replies.keys()].filter((id) => status.get(id) === 'failed').length);
  f.set('deliveries', receiver.deliveries.length);
  f.set('accepted', acceptedTimes.size);
  f.set('accepted_twice', [...acceptedTimes.values()].filter((n) => n > 1).length);
  f.set('lost', lost.length);
  f.set('idempotency_key_mismatches', keyMismatches.length);
  f.check(run.inFlightAtKill > 0, 'the kill found no delivery in flight, so it tested nothing');
  f.check(
    stuck.length === 0,
    `${stuck.length} replies never reached a final state: ${stuck
      .map((id) => `${id}=${status.get(id)}`)
      .slice(0, 10)
      .join(', ')}`,
  );
  f.check(lost.length === 0, `lost replies: ${lost.map(([id, n]) => `#${n} ${status.get(id)}`).join(', ')}`);
  f.check(sentDespiteRefusal.length === 0, `${sentDespiteRefusal.length} replies the receiver refused are marked sent`);
  f.check(keyMismatches.length === 0, `${keyMismatches.length} deliveries without the reply's own Idempotency-Key`);
  f.check(strangers.length === 0, `${strangers.length} deliveries of messages nobody queued`);
  return f;
}
