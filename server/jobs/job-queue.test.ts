// A job is worked when it is queued, not at the next poll: an agent's reply should not wait out a polling interval.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/client.ts';
import { createTestDatabase, type TestDatabase } from '../../tests/support/test-db.ts';
import { JobQueue, QUEUES } from './job-queue.ts';

/** Long enough that a job worked within the test's limit was woken, not polled for. */
const POLLING_SECONDS = 120;

describe('job queue wake-ups', () => {
  let database: TestDatabase;
  let second: Database | undefined;
  const queues: JobQueue[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    for (const q of queues) await q.stop();
    await second?.close();
    await database.drop();
  });

  it('works a job queued after the worker has gone idle, also when another process queued it, long before its next poll', async () => {
    const worker = new JobQueue(database, { pollingIntervalSeconds: POLLING_SECONDS });
    queues.push(worker);
    await worker.start();
    const handled: string[] = [];
    let wake = () => {};
    await worker.work<{ name: string }>(QUEUES.outboundSend, async (job) => {
      handled.push(job.data.name);
      wake();
    });
    const handledSoon = (name: string) =>
      new Promise<void>((resolve, reject) => {
        const limit = setTimeout(() => reject(new Error(`${name} was not worked within 30 s (handled: ${handled.join(', ')})`)), 30_000);
        wake = () => {
          if (!handled.includes(name)) return;
          clearTimeout(limit);
          resolve();
        };
        wake();
      });

    // The first job is fetched by the worker's first poll; after it, the worker waits out its interval.
    await worker.send(QUEUES.outboundSend, { name: 'first' });
    await handledSoon('first');
    await new Promise((r) => setTimeout(r, 500));

    await worker.send(QUEUES.outboundSend, { name: 'second' });
    await handledSoon('second');

    // Queued by another process (a `serve` process), on Postgres over its own connections; PGlite has one process.
    if (database.url) {
      second = await openDatabase({ databaseUrl: database.url, max: 2 });
      const producer = new JobQueue(second, { pollingIntervalSeconds: POLLING_SECONDS });
      queues.push(producer);
      await producer.start();
      await producer.send(QUEUES.outboundSend, { name: 'third' });
      await handledSoon('third');
    }
    expect(handled).toEqual(database.url ? ['first', 'second', 'third'] : ['first', 'second']);
  });
});
