// A real Ulak app (services + Hono) on a fresh test database, driven through app.request() like a browser or script would.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ChannelDriver, ChannelKind } from '../../connectors/channel.ts';
import { loadConfig } from '../../server/config.ts';
import { createApp } from '../../server/app.ts';
import { createServices, startWorkers, type Services } from '../../server/services.ts';
import { createLogger } from '../../server/logger.ts';
import { createTestDatabase, type TestDatabase } from './test-db.ts';
import { MemoryStorage } from './fixtures.ts';

export interface TestApp {
  services: Services;
  app: ReturnType<typeof createApp>;
  database: TestDatabase;
  close(): Promise<void>;
}

export interface TestAppOptions {
  workers?: boolean;
  env?: Record<string, string>;
  drivers?: Partial<Record<ChannelKind, ChannelDriver>>;
  now?: () => Date;
  /** Files in memory (the default), or in the storage the env configures (disk under the data dir, or ULAK_S3_*). */
  storage?: 'memory' | 'config';
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'ulak-test-'));
  const config = loadConfig({
    ULAK_DATA_DIR: dataDir,
    ULAK_SECRET_KEY: randomBytes(32).toString('hex'),
    ULAK_PUBLIC_URL: 'https://ulak.test',
    LOG_LEVEL: 'silent',
    // Test receivers listen on loopback; the SSRF tests pass ULAK_WEBHOOK_ALLOW: '' to see the default policy.
    ULAK_WEBHOOK_ALLOW: '127.0.0.1/32,::1/128',
    ...options.env,
  });
  const services = await createServices(config, {
    database,
    storage: options.storage === 'config' ? undefined : new MemoryStorage(),
    logger: createLogger('silent'),
    jobPollingIntervalSeconds: 0.5,
    retryBaseMs: 50,
    drivers: options.drivers,
    now: options.now,
  });
  if (options.workers) await startWorkers(services, { pullers: false });
  const app = createApp(services);
  return {
    services,
    app,
    database,
    async close() {
      services.valuePass.stop();
      await services.spool.stop();
      await services.marketingLane?.stop();
      await services.runtime.stopAll();
      await services.jobs.stop();
      await services.realtime.stop();
      await database.drop();
    },
  };
}

/** A signed-in API caller holding a session cookie and its CSRF token, or a bearer token. */
export class Client {
  cookie: string | undefined;
  csrf: string | undefined;
  bearer: string | undefined;

  constructor(private readonly app: TestApp['app']) {}

  /** `signal` aborts the request as a client that goes away would. */
  async raw(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
    const h: Record<string, string> = { ...headers };
    const form = body instanceof FormData;
    if (body !== undefined && typeof body !== 'string' && !form) h['content-type'] = 'application/json';
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET') h['x-csrf-token'] = this.csrf;
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    const res = await this.app.request(path, { method, headers: h, signal, body: body === undefined ? undefined : typeof body === 'string' || form ? (body as BodyInit) : JSON.stringify(body) });
    const set = res.headers.get('set-cookie');
    if (set?.startsWith('ulak_session=')) this.cookie = set.split(';')[0];
    return res;
  }

  async call<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T }> {
    const res = await this.raw(method, path, body, headers);
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  async ok<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    const r = await this.call<T>(method, path, body);
    if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  /** POST /api/uploads with one file, as the composer does. */
  async upload(filename: string, content: Uint8Array | string, type = '') {
    const form = new FormData();
    form.set('file', new File([content as BlobPart], filename, { type }));
    return this.call('POST', '/api/uploads', form);
  }

  static async admin(app: TestApp['app']): Promise<Client> {
    const client = new Client(app);
    const r = await client.call('POST', '/api/setup', { email: 'admin@example.com', password: 'correct horse', name: 'Admin' });
    if (r.status !== 201) throw new Error(`setup failed: ${r.status} ${JSON.stringify(r.body)}`);
    client.csrf = r.body.csrfToken;
    return client;
  }

  async as(email: string, password: string): Promise<Client> {
    const client = new Client(this.app);
    const r = await client.call('POST', '/api/auth/login', { email, password });
    if (r.status !== 200) throw new Error(`login failed: ${r.status} ${JSON.stringify(r.body)}`);
    client.csrf = r.body.csrfToken;
    return client;
  }

  /** Creates a user with these roles and returns a client signed in as them. */
  async user(roles: string[], email = `${roles.join('-')}-${randomBytes(3).toString('hex')}@example.com`): Promise<Client> {
    await this.ok('POST', '/api/users', { email, name: roles.join(' '), password: 'password123', roles });
    return this.as(email, 'password123');
  }
}

/** A fresh app and the admin who set it up, signed in: where most API test files start (`({ t, admin } = await signedInAdmin())`). */
export async function signedInAdmin(options?: TestAppOptions): Promise<{ t: TestApp; admin: Client }> {
  const t = await createTestApp(options);
  return { t, admin: await Client.admin(t.app) };
}
