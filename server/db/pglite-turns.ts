// Whose turn it is on PGlite's one connection. PGlite runs Postgres inside this process, synchronously, one statement
// at a time: its calls queue in arrival order, and a query's promise settles without the event loop turning.
// - A long run of transactions (a campaign tick queuing 10,000 messages in batches, an import, a recompute) held every
//   timer and socket of the process until it ended: the marketing lane could not claim, mail could not leave, an
//   agent's request waited for seconds. A statement inside a transaction now lets the loop turn when it has not for
//   TURN_AFTER_MS (an SMTP conversation needs a turn per line it exchanges). Statements outside a transaction do not:
//   a turn there let deferred work (the engine's garbage collection) land inside a read, and the inbox list's p99 in
//   the bench went from 14 to 52 ms.
// - Behind a campaign's batches, an agent's reply waited in line for every statement it needed. Calls made for
//   someone waiting (`asUrgent`: HTTP requests, service sends) now go before background work that is still queued.
// Postgres answers over a socket and schedules its own connections, so none of this applies there.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { PGlite, Transaction } from '@electric-sql/pglite';

/**
 * The longest a run of PGlite calls keeps the event loop from turning. Shorter turns answer sooner and get less done
 * (measured with a campaign draining: at 10 ms an agent's reply went out within 0.4 s at the 99th percentile and the
 * campaign sent about 15% less than with no turn inside a transaction, where the reply took 1.3 s).
 */
export const TURN_AFTER_MS = 25;

const urgent = new AsyncLocalStorage<true>();

/** Runs `fn` with its PGlite calls ahead of queued background work (someone is waiting for the answer). */
export function asUrgent<T>(fn: () => T): T {
  return urgent.run(true, fn);
}

/**
 * Gives PGlite's calls their turns: a call (a query, or a whole transaction) waits for the connection, urgent calls
 * first. Queries inside a transaction hold the connection already; they let the event loop turn if it has not lately.
 */
export function takeTurns(pg: PGlite): void {
  const turn = turnGate();
  const line = new PriorityLine();
  const query = pg.query.bind(pg);
  const exec = pg.exec.bind(pg);
  const transaction = pg.transaction.bind(pg);
  const inLine = async <T>(run: () => Promise<T>): Promise<T> => {
    await line.enter(urgent.getStore() === true);
    try {
      return await run();
    } finally {
      line.leave();
    }
  };
  pg.query = ((...args: Parameters<PGlite['query']>) => inLine(() => query(...args))) as PGlite['query'];
  pg.exec = (...args) => inLine(() => exec(...args));
  pg.transaction = (<T>(callback: (tx: Transaction) => Promise<T>) =>
    inLine(() =>
      transaction(async (tx) => {
        const txQuery = tx.query.bind(tx);
        tx.query = (async (...args: Parameters<Transaction['query']>) => {
          await turn();
          return txQuery(...args);
        }) as Transaction['query'];
        return callback(tx);
      }),
    )) as PGlite['transaction'];
}

/** One holder at a time; when it leaves, the longest-waiting urgent caller goes next, else the longest-waiting other. */
export class PriorityLine {
  #busy = false;
  #urgent: Array<() => void> = [];
  #other: Array<() => void> = [];

  enter(isUrgent: boolean): Promise<void> | undefined {
    if (!this.#busy) {
      this.#busy = true;
      return undefined;
    }
    return new Promise((resolve) => (isUrgent ? this.#urgent : this.#other).push(resolve));
  }

  leave(): void {
    const next = this.#urgent.shift() ?? this.#other.shift();
    if (next) next();
    else this.#busy = false;
  }
}

/**
 * Resolves at once while the loop turns; after TURN_AFTER_MS without a turn, only after the next one. A turn is seen
 * by a marker scheduled with setImmediate: while it has not run, the loop has not turned.
 */
export function turnGate(afterMs = TURN_AFTER_MS): () => Promise<void> | undefined {
  let turned = true;
  let since = 0;
  const mark = () => {
    turned = true;
  };
  return () => {
    if (turned) {
      turned = false;
      since = performance.now();
      setImmediate(mark);
      return undefined;
    }
    if (performance.now() - since < afterMs) return undefined;
    return new Promise<void>((resolve) => setImmediate(resolve));
  };
}
