// Durable jobs on pg-boss: natively on Postgres, through the executeSql adapter on embedded PGlite.
import { PgBoss, type Job, type SendOptions } from 'pg-boss';
import { executorFor, type Database, type DbOrTx } from '../db/client.ts';
import { asUrgent } from '../db/pglite-turns.ts';

export const QUEUES = {
  outboundSend: 'outbound-send',
  workflowStep: 'workflow-step',
} as const;

export interface JobQueueOptions {
  /** Polling interval for workers, seconds (tests use a short one). */
  pollingIntervalSeconds?: number;
  onError?: (error: unknown) => void;
}

/** A job running longer than this is taken as abandoned (its worker died) and retried. */
const EXPIRE_SECONDS = 120;
/** How often pg-boss looks for expired jobs. */
const SUPERVISE_SECONDS = 15;

export class JobQueue {
  readonly boss: PgBoss;
  #started = false;

  constructor(
    private readonly database: Database,
    private readonly options: JobQueueOptions = {},
  ) {
    // A job whose worker died (kill -9 between fetching it and claiming its message) is retried once its expiry has
    // passed and supervision notices: every 15 s rather than pg-boss's 60, so such a reply goes out within about
    // 2.5 minutes of the restart, not 3.5 (the crash tests measured 202 s once, against their 210 s limit).
    // A job's insert wakes the workers of its queue in every process (LISTEN/NOTIFY): an agent's reply is fetched at once,
    // not at the next poll. Polling stays as the floor.
    const supervision = { supervise: true, superviseIntervalSeconds: SUPERVISE_SECONDS, schedule: false, useListenNotify: true } as const;
    this.boss =
      database.kind === 'pglite'
        ? new PgBoss({ db: database.executor, backend: 'pglite', schema: 'pgboss', ...supervision })
        : new PgBoss({ connectionString: database.url!, max: 4, schema: 'pgboss', ...supervision, application_name: 'ulak-jobs' });
    this.boss.on('error', (error) => {
      if (this.#started) (options.onError ?? ((e) => console.error('[jobs]', e)))(error);
    });
  }

  async start(): Promise<void> {
    if (this.#started) return;
    await this.boss.start();
    for (const name of Object.values(QUEUES)) await this.ensureQueue(name);
    this.#started = true;
  }

  /** Creates a queue if it is missing (idempotent). */
  async ensureQueue(name: string): Promise<void> {
    // Retries for unexpected crashes only; channel errors are retried by our own backoff policy.
    await this.boss.createQueue(name, { retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: EXPIRE_SECONDS, notify: true });
    // A queue created before its inserts woke workers (createQueue leaves an existing queue as it is).
    await this.boss.updateQueue(name, { notify: true });
    // Warm pg-boss's queue cache (filled at boss.start, before these queues existed): otherwise the first
    // send({ tx }) looks the queue up outside the transaction, which on single-connection PGlite waits forever.
    await this.boss.getJobById(name, '00000000-0000-0000-0000-000000000000');
  }

  /** Enqueue inside the caller's transaction when `tx` is given: the job exists only if the transaction commits. */
  async send(name: string, data: object, options: SendOptions & { tx?: DbOrTx } = {}): Promise<string | null> {
    const { tx, ...rest } = options;
    return this.boss.send(name, data, { ...rest, ...(tx ? { db: executorFor(tx, this.database.kind) } : {}) });
  }

  /** Enqueue many jobs in one statement, inside the caller's transaction when `tx` is given (bulk sends). */
  async sendMany(name: string, jobs: Array<{ id?: string; data: object }>, options: { tx?: DbOrTx } = {}): Promise<void> {
    if (!jobs.length) return;
    await this.boss.insert(name, jobs, options.tx ? { db: executorFor(options.tx, this.database.kind) } : {});
  }

  /** `urgent`: someone waits for these jobs (an agent's reply): on PGlite the worker's statements go before queued background work. */
  async work<T extends object>(name: string, handler: (job: Job<T>) => Promise<void>, options: { concurrency?: number; urgent?: boolean } = {}): Promise<void> {
    const pollingIntervalSeconds = this.options.pollingIntervalSeconds ?? 1;
    const start = () =>
      this.boss.work<T>(name, { pollingIntervalSeconds, notifyPollingIntervalSeconds: pollingIntervalSeconds, localConcurrency: options.concurrency ?? 2, batchSize: 1 }, async (jobs) => {
        for (const job of jobs) await handler(job);
      });
    // The worker's loop (its fetches and the handler) keeps the context it was started in.
    await (options.urgent ? asUrgent(start) : start());
  }

  /** This process stops taking jobs from `name`; jobs wait for another worker. */
  async stopWork(name: string): Promise<void> {
    await this.boss.offWork(name, { wait: true });
  }

  async stop(): Promise<void> {
    if (!this.#started) return;
    await this.boss.stop({ graceful: true, timeout: 5_000, close: true });
    this.#started = false;
  }
}
