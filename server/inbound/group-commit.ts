// Group commit for inbound messages: concurrent ingests wait a few milliseconds and share one transaction and one COMMIT.
//
// Every caller hears back only after the COMMIT that holds its message, so a webhook still answers 2xx only for what is
// durable; each message records its own events, which wake listeners after that commit. The batch takes all its
// senders' identity locks first, in the one global order every ingest uses, so batches in two processes cannot wait on
// each other in a cycle; a deadlock or serialization failure that still happens rolls the batch back and runs it again.
// Senders are worked side by side, their statements pipelined on the connection. If any message fails, that is rolled
// back and the batch runs again one message at a time, each in a SAVEPOINT of its own: one that fails is rolled back
// alone and tried again in a transaction of its own after the batch, where it is stored or refused on its own account.
// A pulled page (ingest-page.ts) is stored by the same runner, `commitTogether`, in page order.
import type { IngestResult } from '../../connectors/channel.ts';
import { withPreparedStatements, type Tx } from '../db/client.ts';
import { transact } from '../events/record-event.ts';
import { IngestError } from './ingest-error.ts';
import { findStored, ingestAlone, ingestInTransaction, type IngestChannel, type IngestDeps, type PreparedInbound, type ReadAhead } from './ingest-message.ts';
import { keysOf } from './message-keys.ts';
import { findIdentitiesOfBatch, lockIdentities, type FoundIdentity } from './resolve-contact.ts';
import { DeferredWrites } from './closing-writes.ts';
import { findOpenConversations } from './find-thread.ts';
import { createNewSenders } from './new-senders.ts';

export interface GroupCommitOptions {
  /**
   * How long the first message of a batch waits for others while batches are under way (ULAK_INGEST_BATCH_WAIT_MS);
   * with fewer than `batchesAtOnce` under way it waits only for the messages arriving in the same turn of the event loop.
   */
  maxWaitMs: number;
  /** A batch this full commits at once (ULAK_INGEST_BATCH_MAX). */
  maxBatch: number;
  /** Whole-batch runs after a deadlock or serialization failure before each message is tried alone. */
  attempts?: number;
  /** false: always wait `maxWaitMs` (or for a full batch), so tests can say exactly what shares a batch. */
  idleFlush?: boolean;
}

/**
 * Batches committing at once: on Postgres one can be in the database while the next is built in this process (two
 * cores). PGlite runs in this thread on one connection: a second batch would only wait in line, and one that waits
 * for the first to end gathers everything that arrived meanwhile instead of leaving with the few of one turn.
 */
const batchesAtOnce = (kind: 'pglite' | 'postgres') => (kind === 'pglite' ? 1 : 2);

export const DEFAULT_GROUP_COMMIT: GroupCommitOptions = { maxWaitMs: 5, maxBatch: 200 };

/** The ingest service with group commit, or as it was when a batch may hold one message at most (off). */
export function withGroupCommit(deps: IngestDeps, options: GroupCommitOptions = DEFAULT_GROUP_COMMIT): IngestDeps {
  if (options.maxBatch <= 1) return { ...deps, groupCommit: undefined };
  return { ...deps, groupCommit: new GroupCommitter({ ...deps, groupCommit: undefined }, options) };
}

interface Pending extends TogetherEntry {
  /** The sender's first identity lock key: the batch is worked in this order. */
  order: string;
  resolve(result: IngestResult): void;
  reject(error: unknown): void;
}

export class GroupCommitter {
  #queue: Pending[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #immediate: ReturnType<typeof setImmediate> | undefined;
  #running = new Set<Promise<void>>();

  constructor(
    private readonly deps: IngestDeps,
    private readonly options: GroupCommitOptions = DEFAULT_GROUP_COMMIT,
  ) {}

  submit(channel: IngestChannel, prepared: PreparedInbound): Promise<IngestResult> {
    return new Promise((resolve, reject) => {
      const order = prepared.identities.map((i) => `identity:${i.kind}:${i.value}`).sort()[0]!;
      this.#queue.push({ channel, prepared, order, resolve, reject });
      if (this.#queue.length >= this.options.maxBatch) this.#flush();
      else this.#schedule();
    });
  }

  /** A waiting batch commits soon: at the next turn of the event loop when a slot is free, else after `maxWaitMs`. */
  #schedule() {
    if (this.options.idleFlush !== false && this.#running.size < batchesAtOnce(this.deps.database.kind)) this.#immediate ??= setImmediate(() => this.#flush());
    else this.#timer ??= setTimeout(() => this.#flush(), this.options.maxWaitMs);
  }

  /** Commits whatever is queued now and waits for every batch under way (a clean shutdown). */
  async drain(): Promise<void> {
    while (this.#queue.length || this.#running.size) {
      if (this.#queue.length) this.#flush();
      await Promise.all(this.#running);
    }
  }

  #flush() {
    clearTimeout(this.#timer);
    clearImmediate(this.#immediate);
    this.#timer = this.#immediate = undefined;
    const batch = this.#queue.splice(0, this.options.maxBatch);
    if (batch.length) {
      const run = this.#commit(batch).finally(() => {
        this.#running.delete(run);
        // A slot is free: what gathered meanwhile goes next.
        if (this.#queue.length) this.#schedule();
      });
      this.#running.add(run);
    }
    if (this.#queue.length) this.#schedule();
  }

  async #commit(batch: Pending[]): Promise<void> {
    const ordered = [...batch].sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
    const outcomes = await commitTogether(this.deps, ordered, { attempts: this.options.attempts, pipelined: true }).catch(() => undefined);
    await Promise.all(
      ordered.map(async (p) => {
        const outcome = outcomes?.get(p);
        if (outcome && 'result' in outcome) return p.resolve(outcome.result);
        // Refused for what it is: no other transaction would store it either.
        if (outcome && outcome.error instanceof IngestError) return p.reject(outcome.error);
        // Rolled back to its savepoint (or the whole batch failed): alone, it is stored or refused on its own account.
        await ingestAlone(this.deps, p.channel, p.prepared).then(p.resolve, p.reject);
      }),
    );
  }
}

/** A message to store in a shared transaction. */
export interface TogetherEntry {
  channel: IngestChannel;
  prepared: PreparedInbound;
}

export type Outcome = { result: IngestResult } | { error: unknown };

/**
 * Stores `entries` in one transaction: first all at once without savepoints (`pipelined`: senders side by side, else
 * one after another in the given order), and if any fails, again one at a time, each in a savepoint of its own, so
 * that a failing one is rolled back alone and reported as its outcome. `finish` runs last in the same transaction,
 * knowing the outcomes (a pulled page's checkpoint). A deadlock or serialization failure runs it all again; throws
 * when even the savepoint run cannot commit.
 */
export async function commitTogether<E extends TogetherEntry>(
  deps: IngestDeps,
  entries: E[],
  options: { attempts?: number; pipelined: boolean; finish?: (tx: Tx, outcomes: Map<E, Outcome>) => Promise<void> },
): Promise<Map<E, Outcome>> {
  const attempts = options.attempts ?? 5;
  let mode: 'together' | 'savepoints' = 'together';
  for (let attempt = 1; ; attempt++) {
    try {
      return await runTogether(deps, entries, mode, options);
    } catch (error) {
      if (!isContention(error)) {
        if (mode === 'savepoints') throw error;
        mode = 'savepoints';
        continue;
      }
      if (attempt >= attempts) throw error;
      await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
    }
  }
}

async function runTogether<E extends TogetherEntry>(
  deps: IngestDeps,
  entries: E[],
  mode: 'together' | 'savepoints',
  options: { pipelined: boolean; finish?: (tx: Tx, outcomes: Map<E, Outcome>) => Promise<void> },
): Promise<Map<E, Outcome>> {
  const outcomes = new Map<E, Outcome>();
  // Together, plain messages' closing writes are held back and written as one set per table before the commit.
  const deferred = mode === 'together' ? new DeferredWrites() : undefined;
  let readAhead = new Map<E, ReadAhead>();
  const store = (tx: Tx, e: E) => ingestInTransaction(deps, tx, e.channel, e.prepared, deferred, readAhead.get(e));
  await withPreparedStatements(() =>
    transact(deps.database, async (tx) => {
      await lockIdentities(
        tx,
        entries.flatMap((e) => e.prepared.identities),
      );
      let groups: E[][] = [];
      if (mode === 'together') {
        const senders = bySender(entries);
        readAhead = await readAheadOf(
          tx,
          senders.map((messages) => messages[0]!),
        );
        await createNewSenders(
          tx,
          [...readAhead].map(([e, ahead]) => ({ channel: e.channel, prepared: e.prepared, readAhead: ahead })),
          deps.now(),
        );
        groups = joinByContact(entries, senders, readAhead);
      }
      if (mode === 'together' && options.pipelined) {
        // Senders sharing no contact are independent, as concurrent transactions of their own would be: their
        // statements go down the connection together (postgres.js pipelines them), each sender's messages in order.
        const settled = await Promise.allSettled(
          groups.map(async (messages) => {
            for (const e of messages) outcomes.set(e, { result: await store(tx, e) });
          }),
        );
        // Every sender has stopped before the transaction is rolled back: none writes after it.
        const failed = settled.find((s) => s.status === 'rejected');
        if (failed) throw failed.reason;
      } else if (mode === 'together') {
        for (const e of entries) outcomes.set(e, { result: await store(tx, e) });
      } else {
        for (const e of entries) {
          try {
            outcomes.set(e, { result: await tx.transaction((savepoint) => store(savepoint, e)) });
          } catch (error) {
            if (isContention(error)) throw error;
            outcomes.set(e, { error });
          }
        }
      }
      await deferred?.flush(tx);
      await options.finish?.(tx, outcomes);
    }),
  );
  return outcomes;
}

/**
 * The duplicate check, the sender's contacts and their open conversations for the first message of each sender in the
 * batch (`firsts`), read in one statement each. A sender's later messages read again: the first may have created their contact.
 */
async function readAheadOf<E extends TogetherEntry>(tx: Tx, firsts: E[]): Promise<Map<E, ReadAhead>> {
  const byChannel = new Map<string, E[]>();
  for (const e of firsts) byChannel.set(e.channel.id, [...(byChannel.get(e.channel.id) ?? []), e]);
  const [found, ...stored] = await Promise.all([
    findIdentitiesOfBatch(
      tx,
      firsts.flatMap((e) => e.prepared.identities),
    ),
    ...[...byChannel].map(([channelId, group]) =>
      findStored(
        tx,
        channelId,
        group.flatMap((e) => keysOf(e.prepared.message)),
      ),
    ),
  ]);
  const storedByChannel = new Map([...byChannel.keys()].map((channelId, i) => [channelId, stored[i]!]));
  // The senders' open conversations, for those whose contacts exist: the thread of most messages, read at once.
  const open = await findOpenConversations(tx, [...new Set(found.map((f) => f.contactId))]);
  // Each identity's rows by key, read once: filtering every row for every sender grew with the square of the batch.
  const foundByKey = new Map<string, FoundIdentity[]>();
  for (const f of found) {
    const key = `${f.kind}:${f.value}`;
    foundByKey.set(key, [...(foundByKey.get(key) ?? []), f]);
  }
  return new Map(
    firsts.map((e) => {
      const own = [...new Set(e.prepared.identities.map((i) => `${i.kind}:${i.value}`))];
      return [e, { stored: storedByChannel.get(e.channel.id)!, found: own.flatMap((key) => foundByKey.get(key) ?? []), open }];
    }),
  );
}

/**
 * The batch in groups of messages that share a sender identity (directly or through each other), each in batch order.
 * Copies of one provider message share a group too, whoever they seem to come from (a mailing list rewrites From):
 * the first is stored and the others answered as its duplicates, as one after another would be.
 */
function bySender<E extends TogetherEntry>(ordered: E[]): E[][] {
  const parent = ordered.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)));
  const firstWith = new Map<string, number>();
  ordered.forEach((p, i) => {
    const copiesOf = keysOf(p.prepared.message).map((key) => `copy:${p.channel.id}:${key}`);
    for (const key of [...copiesOf, ...p.prepared.identities.map((identity) => `${identity.kind}:${identity.value}`)]) {
      const j = firstWith.get(key);
      if (j === undefined) firstWith.set(key, i);
      else parent[root(i)] = root(j);
    }
  });
  const groups = new Map<number, E[]>();
  ordered.forEach((p, i) => groups.set(root(i), [...(groups.get(root(i)) ?? []), p]));
  return [...groups.values()];
}

/**
 * Groups whose senders turn out to be one contact (a customer writing from two addresses, or on two channels) run as
 * one, in batch order, and only the earliest of their first messages keeps its read-ahead: the others read again,
 * so they see the conversation it opened or reopened, as messages stored one after another would.
 */
function joinByContact<E extends TogetherEntry>(entries: E[], groups: E[][], readAhead: Map<E, ReadAhead>): E[][] {
  const parent = groups.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)));
  const groupOfContact = new Map<string, number>();
  groups.forEach((group, i) => {
    for (const { contactId } of readAhead.get(group[0]!)?.found ?? []) {
      const j = groupOfContact.get(contactId);
      if (j === undefined) groupOfContact.set(contactId, i);
      else if (root(i) !== root(j)) parent[Math.max(root(i), root(j))] = Math.min(root(i), root(j));
    }
  });
  const joined = new Map<number, E[]>();
  groups.forEach((group, i) => {
    if (root(i) !== i) readAhead.delete(group[0]!);
    joined.set(root(i), [...(joined.get(root(i)) ?? []), ...group]);
  });
  const order = new Map(entries.map((e, i) => [e, i]));
  return [...joined.values()].map((group) => group.sort((a, b) => order.get(a)! - order.get(b)!));
}

/** Deadlock or serialization failure: the batch lost a race, and running it again succeeds. */
function isContention(error: unknown): boolean {
  // drizzle wraps the driver's error in `cause`.
  for (let current = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (code === '40P01' || code === '40001') return true;
  }
  return false;
}
