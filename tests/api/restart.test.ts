// Restarting on the same data keeps everything and does not re-apply migrations.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { createApp } from '../../server/app.ts';
import { createServices } from '../../server/services.ts';
import { createLogger } from '../../server/logger.ts';
import { openDatabase } from '../../server/db/client.ts';
import { migrate } from '../../server/db/migrate.ts';
import { Client } from '../support/test-app.ts';
import { createApiChannel, postInbound } from '../support/api-channel.ts';
import { createTestDatabase } from '../support/test-db.ts';

describe('restart', () => {
  it('keeps users, channels and messages, and migrates nothing the second time', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ulak-restart-'));
    // On Postgres, "the same data" is the same database; embedded, it is the same ./data directory.
    const pg = process.env.DATABASE_URL ? await createTestDatabase() : undefined;
    const env = { ULAK_DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...(pg ? { DATABASE_URL: pg.url! } : {}) };
    const logger = createLogger('silent');

    const first = await createServices(loadConfig(env), { logger });
    const admin = await Client.admin(createApp(first));
    const channel = await createApiChannel(admin);
    const sent = await postInbound(createApp(first), channel, { externalId: 'r1', from: { id: 'u' }, text: 'before restart' });
    await first.close();

    const reopened = await openDatabase({ databaseUrl: pg?.url, dataDir });
    expect(await migrate(reopened)).toEqual({ applied: 0 });
    await reopened.close();

    const second = await createServices(loadConfig(env), { logger });
    const again = await new Client(createApp(second)).as('admin@example.com', 'correct horse');
    const messages = await again.ok('GET', `/api/conversations/${sent.body.conversationId}/messages`);
    expect(messages.items.map((m: any) => m.text)).toEqual(['before restart']);
    // The channel secret was encrypted with the key generated into the data dir: it still verifies.
    expect((await postInbound(createApp(second), channel, { externalId: 'r2', from: { id: 'u' }, text: 'after' })).status).toBe(202);
    await second.close();
    await pg?.drop();
  }, 240_000); // two PGlite cold starts: minutes on a busy 2-core machine
});
