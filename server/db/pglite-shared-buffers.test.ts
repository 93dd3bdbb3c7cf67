// The operator's choice of PGlite's shared buffers (ULAK_PGLITE_SHARED_BUFFERS_MB) reaches the embedded database, and
// survives a restart on the same data dir (the setting is a start parameter, not written into the data dir).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, rowsOf, type Database } from './client.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'ulak-shared-buffers-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const sharedBuffers = async (database: Database) => rowsOf<{ shared_buffers: string }>(await database.db.execute(sql`show shared_buffers`))[0]!.shared_buffers;

describe("PGlite's shared buffers", () => {
  it('are 16 MB unless the operator says otherwise, and what the operator says on the next start', async () => {
    const first = await openDatabase({ dataDir });
    try {
      expect(await sharedBuffers(first)).toBe('16MB');
    } finally {
      await first.close();
    }
    const next = await openDatabase({ dataDir, sharedBuffersMb: 4 });
    try {
      expect(await sharedBuffers(next)).toBe('4MB');
    } finally {
      await next.close();
    }
  }, 120_000);
});
