// Configuration, parsed once at start-up into a typed object with clear errors for bad values.
import { readFileSync, writeFileSync, existsSync, chmodSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { z } from 'zod';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from './lib/private-files.ts';
import { parseAllowList, type AllowList } from './egress/index.ts';
import { closestName } from './lib/closest-name.ts';
import { httpUrl } from './lib/http-url.ts';
import type { WebhookDisablePolicy } from './webhooks/webhook-deps.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const boolean = z
  .string()
  .regex(/^(true|false|1|0)$/i, 'must be true or false')
  .transform((v) => /^(true|1)$/i.test(v));

// Object storage: present as a group or not at all (see storageConfig).
const s3Env = {
  ULAK_S3_ENDPOINT: httpUrl('https://s3.eu-central-1.amazonaws.com').optional(),
  ULAK_S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a bucket name: 3-63 lower-case letters, digits, dots and hyphens')
    .optional(),
  ULAK_S3_REGION: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/, 'must be a region such as us-east-1 (or auto)')
    .optional(),
  ULAK_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  ULAK_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  ULAK_S3_SESSION_TOKEN: z.string().min(1).optional(),
  ULAK_S3_PATH_STYLE: boolean.optional(),
  ULAK_S3_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9!_.*'()/-]{1,200}$/, "must be a key prefix of letters, digits and /!_.*'()- such as ulak/")
    .transform((v) => v.replace(/^\/+|\/+$/g, ''))
    // Bun's client signs the key as given while the URL drops "." segments: such a prefix would pass the start-up check
    // (a listing) and then have every write refused.
    .refine((v) => v.split('/').every((part) => part !== '..' && part !== '.' && part !== ''), 'must not contain ".", ".." or empty segments')
    .optional(),
};
const S3_REQUIRED = ['ULAK_S3_BUCKET', 'ULAK_S3_ACCESS_KEY_ID', 'ULAK_S3_SECRET_ACCESS_KEY'] as const;

const PGLITE_MB = 'must be a whole number of MB from 1 to 1024, such as 16';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  ULAK_DATA_DIR: z.string().min(1).default('./data'),
  ULAK_SECRET_KEY: z
    .string()
    .refine((v) => decodeKey(v) !== undefined, 'must be 32 bytes, as 64 hex characters or base64')
    .optional(),
  ULAK_PUBLIC_URL: z.url('must be an absolute URL such as https://ulak.example.com').optional(),
  ULAK_DEFAULT_REGION: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be a two-letter ISO 3166 region code such as TR or US')
    .default('TR'),
  ULAK_MAX_BODY_BYTES: z.coerce.number().int().positive().default(1_048_576),
  ULAK_MAX_ATTACHMENT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(25 * 1024 * 1024),
  // A claim must outlive the slowest provider call (the API channel's webhook gives up after 10 s), or a second
  // worker would send a reply the first is still sending; 30 s leaves that margin.
  ULAK_SEND_LEASE_SECONDS: z.coerce.number().int().min(30, 'must be at least 30 (longer than any provider call)').max(86_400).default(300),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  // Outbound webhooks: a subscription is disabled after this many failed attempts in a row spanning at least this long.
  ULAK_WEBHOOK_DISABLE_FAILURES: z.coerce.number().int().min(1, 'must be at least 1').max(100_000).default(50),
  ULAK_WEBHOOK_DISABLE_MINUTES: z.coerce.number().int().min(0).max(1_440, 'must be at most 1440 (a day)').default(60),
  ULAK_AI_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  // Group commit for inbound messages (server/inbound/group-commit.ts); a batch of at most 1 turns it off.
  ULAK_INGEST_BATCH_MAX: z.coerce.number().int().min(0).max(10_000).default(200),
  ULAK_INGEST_BATCH_WAIT_MS: z.coerce.number().int().min(0).max(1_000).default(5),
  // Embedded PGlite's shared buffers, in MB: memory held by the server process against speed (ignored on Postgres).
  ULAK_PGLITE_SHARED_BUFFERS_MB: z
    .string()
    .regex(/^[0-9]{1,4}$/, PGLITE_MB)
    .transform(Number)
    .refine((mb) => mb >= 1 && mb <= 1_024, PGLITE_MB)
    .optional(),
  ULAK_UNSUBSCRIBE_MAILTO: z.email('must be an email address such as unsubscribe@shop.example').optional(),
  ULAK_WEBHOOK_ALLOW: z
    .string()
    .optional()
    .transform((value, ctx) => {
      try {
        return parseAllowList(value);
      } catch (error) {
        ctx.addIssue({
          code: 'custom',
          message: `${(error as Error).message}; expected comma-separated CIDR ranges or host names, each with an optional port, such as 10.0.0.0/8,hooks.internal.example,127.0.0.1:9000`,
        });
        return z.NEVER;
      }
    }),
  ...s3Env,
});

/** Where attachments live: files under the data dir, or an S3-compatible bucket shared by every process. */
export type StorageConfig = { kind: 'disk'; root: string } | S3StorageConfig;

export interface S3StorageConfig {
  kind: 's3';
  /** Unset: AWS S3 in `region`. */
  endpoint: string | undefined;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Temporary (STS) credentials only. */
  sessionToken: string | undefined;
  pathStyle: boolean;
  /** '' or a prefix ending in '/'. */
  prefix: string;
}

export interface Config {
  port: number;
  databaseUrl: string | undefined;
  dataDir: string;
  secretKey: Buffer;
  publicUrl: string;
  /** True when ULAK_PUBLIC_URL was set: only then can outsiders (Twilio fetching MMS media) reach our links. */
  publicUrlSet: boolean;
  defaultRegion: string;
  maxBodyBytes: number;
  maxAttachmentBytes: number;
  /** How long a worker's claim on a reply it is sending lasts; a reply whose worker died is sent again after it. */
  sendLeaseMs: number;
  logLevel: (typeof LOG_LEVELS)[number];
  /** Non-public destinations webhooks may still reach (on-premises receivers); everything else private is refused. */
  webhookAllow: AllowList;
  /** A mailbox that takes unsubscribe requests, offered in marketing email's List-Unsubscribe beside the one-click URL. */
  unsubscribeMailto: string | undefined;
  /** How long a call to the workspace's model may wait for an answer, and between streamed chunks. */
  aiTimeoutMs: number;
  /** When a failing webhook subscription is disabled (ULAK_WEBHOOK_DISABLE_*). */
  webhookDisable: WebhookDisablePolicy;
  /** Attachment storage: disk by default, an S3-compatible bucket when ULAK_S3_* is set. */
  storage: StorageConfig;
  /** Group commit of inbound messages: off when `maxBatch` is 1 or less. */
  ingestBatch: { maxBatch: number; maxWaitMs: number };
  /** Embedded PGlite's shared buffers in MB; unset, the database client's default. */
  pgliteSharedBuffersMb: number | undefined;
  /** Set ULAK_* variables that are no setting (most likely misspelt ones), each with the setting it most likely meant. */
  ignored: IgnoredSetting[];
}

export interface IgnoredSetting {
  name: string;
  closest: string | undefined;
}

/** The warning an ignored variable gets at start. */
export function describeIgnored({ name, closest }: IgnoredSetting): string {
  return `${name} is not a setting Ulak reads and is ignored${closest ? `; did you mean ${closest}?` : ''}`;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** For a command: what the step opens, or undefined once the configuration problem it met is printed (exit 2). */
export async function unlessMisconfigured<T>(step: () => Promise<T>, print: (line: string) => void): Promise<T | undefined> {
  try {
    return await step();
  } catch (error) {
    const words = describeMisconfiguration(error);
    if (words === undefined) throw error;
    print(words);
    return undefined;
  }
}

const REFUSALS: Record<string, string> = {
  ENOENT: 'it does not exist and cannot be made there',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
};

/**
 * A problem the operator fixes, in words: a ConfigError's message, or the file system refusing a path under the data
 * dir (ULAK_DATA_DIR in /proc, on a read-only disk, below a file). Undefined for anything else, which keeps its stack.
 */
export function describeMisconfiguration(error: unknown, env: Record<string, string | undefined> = process.env): string | undefined {
  if (error instanceof ConfigError) return error.message;
  const { code, path } = (error ?? {}) as { code?: unknown; path?: unknown };
  if (typeof code !== 'string' || typeof path !== 'string' || !(code in REFUSALS)) return undefined;
  const dataDir = dataDirOf(env.ULAK_DATA_DIR);
  if (resolve(path) !== dataDir && !resolve(path).startsWith(dataDir + sep)) return undefined;
  return `Cannot write ${path}: ${REFUSALS[code]} (${code}). Ulak keeps its key, embedded database and files under ULAK_DATA_DIR (now ${dataDir}): set it to a directory this user can create and write.`;
}

/** The data dir as an absolute path; ULAK_DATA_DIR relative to where Ulak was started. */
function dataDirOf(setting: string | undefined): string {
  return resolve(setting || envSchema.shape.ULAK_DATA_DIR.parse(undefined));
}

function decodeKey(value: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  const b = Buffer.from(value, 'base64');
  return b.length === 32 ? b : undefined;
}

/** The embedded-mode key: generated once into the data dir with mode 0600. */
function loadOrCreateKeyFile(dataDir: string): Buffer {
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) {
    const key = decodeKey(readFileSync(file, 'utf8').trim());
    if (!key) throw new ConfigError(`${file} does not hold a 32-byte key`);
    return key;
  }
  ensurePrivateDir(dataDir);
  const key = randomBytes(32);
  writeFileSync(file, key.toString('hex') + '\n', { mode: PRIVATE_FILE_MODE });
  chmodSync(file, PRIVATE_FILE_MODE);
  return key;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const ignored = ignoredSettings(Object.keys(cleaned));
  // A refused start also names the misspelt variables, most likely the reason (ULAK_S3_ACCESS_KEY for ULAK_S3_ACCESS_KEY_ID).
  const refuse = (message: string) => new ConfigError([message, ...ignored.map((i) => `  ${describeIgnored(i)}`)].join('\n'));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw refuse(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = dataDirOf(e.ULAK_DATA_DIR);
  let storage: StorageConfig;
  try {
    storage = storageConfig(e, join(dataDir, 'files'));
  } catch (error) {
    throw error instanceof ConfigError ? refuse(error.message) : error;
  }
  const secretKey = e.ULAK_SECRET_KEY ? decodeKey(e.ULAK_SECRET_KEY)! : loadOrCreateKeyFile(dataDir);
  return {
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir,
    secretKey,
    publicUrl: (e.ULAK_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    publicUrlSet: e.ULAK_PUBLIC_URL !== undefined,
    defaultRegion: e.ULAK_DEFAULT_REGION,
    maxBodyBytes: e.ULAK_MAX_BODY_BYTES,
    maxAttachmentBytes: e.ULAK_MAX_ATTACHMENT_BYTES,
    sendLeaseMs: e.ULAK_SEND_LEASE_SECONDS * 1000,
    logLevel: e.LOG_LEVEL,
    webhookAllow: e.ULAK_WEBHOOK_ALLOW,
    unsubscribeMailto: e.ULAK_UNSUBSCRIBE_MAILTO,
    aiTimeoutMs: e.ULAK_AI_TIMEOUT_MS,
    webhookDisable: { failures: e.ULAK_WEBHOOK_DISABLE_FAILURES, afterMs: e.ULAK_WEBHOOK_DISABLE_MINUTES * 60_000 },
    storage,
    ingestBatch: { maxBatch: e.ULAK_INGEST_BATCH_MAX, maxWaitMs: e.ULAK_INGEST_BATCH_WAIT_MS },
    pgliteSharedBuffersMb: e.ULAK_PGLITE_SHARED_BUFFERS_MB,
    ignored,
  };
}

function ignoredSettings(names: string[]): IgnoredSetting[] {
  const known = Object.keys(envSchema.shape);
  return names.filter((name) => name.startsWith('ULAK_') && !known.includes(name)).map((name) => ({ name, closest: closestName(name, known) }));
}

/** Disk unless any ULAK_S3_* is set; then the bucket and both keys are required, so half a setting never silently means disk. */
function storageConfig(e: z.infer<typeof envSchema>, diskRoot: string): StorageConfig {
  const given = Object.keys(s3Env).filter((name) => e[name as keyof typeof s3Env] !== undefined);
  if (!given.length) return { kind: 'disk', root: diskRoot };
  const missing = S3_REQUIRED.filter((name) => e[name] === undefined);
  if (missing.length) {
    const lines = missing.map((name) => `  ${name}: required for object storage (${given.join(', ')} ${given.length === 1 ? 'is' : 'are'} set)`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}\n  Set all of ${S3_REQUIRED.join(', ')} to store files in a bucket, or none of ULAK_S3_* to keep them on disk.`);
  }
  const prefix = e.ULAK_S3_PREFIX ?? '';
  const host = e.ULAK_S3_ENDPOINT ? new URL(e.ULAK_S3_ENDPOINT).hostname : undefined;
  if (e.ULAK_S3_PATH_STYLE === false && host && isIP(host.replace(/^\[|\]$/g, ''))) {
    throw new ConfigError(
      `Invalid configuration:\n  ULAK_S3_PATH_STYLE: false puts the bucket in front of ULAK_S3_ENDPOINT's host name, and ${host} is an address, not a name; use path style (true) with this endpoint`,
    );
  }
  return {
    kind: 's3',
    endpoint: e.ULAK_S3_ENDPOINT?.replace(/\/$/, ''),
    bucket: e.ULAK_S3_BUCKET!,
    region: e.ULAK_S3_REGION ?? 'us-east-1',
    accessKeyId: e.ULAK_S3_ACCESS_KEY_ID!,
    secretAccessKey: e.ULAK_S3_SECRET_ACCESS_KEY!,
    sessionToken: e.ULAK_S3_SESSION_TOKEN,
    pathStyle: e.ULAK_S3_PATH_STYLE ?? true,
    prefix: prefix ? `${prefix}/` : '',
  };
}
