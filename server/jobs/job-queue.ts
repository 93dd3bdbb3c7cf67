// Durable jobs on pg-boss: natively on Postgres, through the executeSql adapter on embedded PGlite.
import { PgBoss, type Job, type SendOptions } from 'pg-boss';
import { executorFor, type Database, type DbOrTx } from '../db/client.ts';

export const QUEUES = {
  outboundSend: 'outbound-send',
  workflowStep: 'workflow-step',
} as const;

export interface JobQueueOptions {
  /** Polling interval for workers, seconds (tests use a short one). */
  pollingIntervalSeconds?: number;
  onError?: (error: unknown) => void;
}

export class JobQueue {
  readonly boss: PgBoss;
  #started = false;

  constructor(
    private readonly database: Database,
    private readonly options: JobQueueOptions = {},
  ) {
    this.boss =
      database.kind === 'pglite'
        ? new PgBoss({ db: database.executor, backend: 'pglite', schema: 'pgboss', supervise: true, schedule: false })
        : new PgBoss({ connectionString: database.url!, max: 4, schema: 'pgboss', supervise: true, schedule: false, application_name: 'ulak-jobs' });
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
    await this.boss.createQueue(name, { retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 120 });
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

  async work<T extends object>(name: string, handler: (job: Job<T>) => Promise<void>, options: { concurrency?: number } = {}): Promise<void> {
    await this.boss.work<T>(name, { pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 1, localConcurrency: options.concurrency ?? 2, batchSize: 1 }, async (jobs) => {
      for (const job of jobs) await handler(job);
    });
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
