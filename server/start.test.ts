// A setting whose name is misspelt is not silently left at its default: the start says which it ignored and which
// setting it most likely meant.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, ServerProcess } from '../tests/crash/server-process.ts';

describe('a server start with a misspelt setting', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ulak-start-'));
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves, and warns naming the variable it ignored and the setting meant', { timeout: 180_000 }, async () => {
    const env = { ULAK_DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'info', ULAK_SECRET_KEY: 'ab'.repeat(32), ULAK_PUBLC_URL: 'https://ulak.example.com' };
    server = new ServerProcess(await freePort(), env, dir);
    await server.start(150_000);
    const warnings = readFileSync(join(dir, 'server-1.log'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line))
      .filter((entry) => entry.level === 40);
    expect(warnings).toContainEqual(
      expect.objectContaining({ setting: 'ULAK_PUBLC_URL', closest: 'ULAK_PUBLIC_URL', msg: 'ULAK_PUBLC_URL is not a setting Ulak reads and is ignored; did you mean ULAK_PUBLIC_URL?' }),
    );
  });
});
