// A local Telegram Bot API on 127.0.0.1 speaking the real wire protocol, for connector tests.
import { gunzipSync } from 'node:zlib';
import type { Server } from 'bun';

export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
  /** Uploaded files of a multipart call, by field name. */
  files: Record<string, { filename: string; type: string; bytes: Uint8Array }>;
  /** The request's Content-Encoding, if any. */
  encoding?: string;
}

export interface BotApiFailure {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

interface StoredFile {
  file_id: string;
  file_unique_id: string;
  file_path: string;
  bytes: Uint8Array;
}

const SEND_METHODS = new Set(['sendMessage', 'sendPhoto', 'sendDocument']);

export class FakeBotApi {
  readonly token: string;
  readonly calls: RecordedCall[] = [];
  readonly bot = { id: 7000001, is_bot: true, first_name: 'Ulak Test', username: 'ulak_test_bot' };
  webhook: { url: string; secret_token?: string } | undefined;
  #server: Server<undefined> | undefined;
  #updates: Array<{ update_id: number } & Record<string, unknown>> = [];
  #nextUpdateId = 100;
  #nextMessageId = 1;
  #files = new Map<string, StoredFile>();
  #failures: Array<{ method: string; failure: BotApiFailure }> = [];
  #hangs = new Map<string, () => void>();
  #waiters = new Set<() => void>();

  constructor(token = '123456:TEST-token_abc') {
    this.token = token;
  }

  async start(): Promise<this> {
    this.#server = Bun.serve({ hostname: '127.0.0.1', port: 0, idleTimeout: 0, fetch: (req) => this.#handle(req) });
    return this;
  }

  get apiRoot(): string {
    return `http://127.0.0.1:${this.#server!.port}`;
  }

  async close(): Promise<void> {
    for (const wake of this.#waiters) wake();
    this.#hangs.clear();
    await this.#server?.stop(true);
  }

  /** Queue an update as Telegram would; returns it with its update_id. */
  pushUpdate(update: Record<string, unknown>): { update_id: number } & Record<string, unknown> {
    const stored = { update_id: this.#nextUpdateId++, ...update };
    this.#updates.push(stored);
    for (const wake of this.#waiters) wake();
    return stored;
  }

  /** Updates not yet confirmed by an offset. */
  get pendingUpdates(): number[] {
    return this.#updates.map((u) => u.update_id);
  }

  addFile(path: string, bytes: Uint8Array): { file_id: string; file_unique_id: string; file_size: number } {
    const n = this.#files.size + 1;
    const file = { file_id: `FILE${n}`, file_unique_id: `U${n}`, file_path: path, bytes };
    this.#files.set(file.file_id, file);
    return { file_id: file.file_id, file_unique_id: file.file_unique_id, file_size: bytes.byteLength };
  }

  /** Make the next call of `method` fail with this Bot API error envelope. */
  failNext(method: string, failure: BotApiFailure): void {
    this.#failures.push({ method, failure });
  }

  /** Drops the failures still queued for `method`. */
  clearFailures(method: string): void {
    this.#failures = this.#failures.filter((f) => f.method !== method);
  }

  /** Make the next call of `method` hang until the client gives up on it; resolves once that call arrived. */
  hangNext(method: string): Promise<void> {
    return new Promise((arrived) => this.#hangs.set(method, arrived));
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  async #handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    const file = url.pathname.match(/^\/file\/bot([^/]+)\/(.+)$/);
    if (file) return this.#download(file[1]!, decodeURIComponent(file[2]!));
    const call = url.pathname.match(/^\/bot([^/]+)\/(\w+)$/);
    if (!call) return new Response('Not Found', { status: 404 });
    if (call[1] !== this.token) return envelope({ error_code: 401, description: 'Unauthorized' });
    const recorded = await readCall(call[2]!, req, url);
    this.calls.push(recorded);
    const failureAt = this.#failures.findIndex((f) => f.method === recorded.method);
    if (failureAt >= 0) {
      const [{ failure }] = this.#failures.splice(failureAt, 1);
      if (failure.error_code >= 500) return new Response('Bad Gateway', { status: failure.error_code });
      return envelope(failure);
    }
    const hang = this.#hangs.get(recorded.method);
    if (hang) {
      this.#hangs.delete(recorded.method);
      hang();
      await new Promise((gaveUp) => req.signal.addEventListener('abort', gaveUp, { once: true }));
      return new Response('Gateway Timeout', { status: 504 });
    }
    return this.#answer(recorded, req.signal);
  }

  async #answer({ method, params }: RecordedCall, signal: AbortSignal): Promise<Response> {
    if (method === 'getMe') return ok(this.bot);
    if (method === 'getUpdates') return ok(await this.#getUpdates(params, signal));
    if (method === 'setWebhook') {
      this.webhook = { url: String(params.url), secret_token: params.secret_token as string | undefined };
      return ok(true);
    }
    if (method === 'deleteWebhook') {
      this.webhook = undefined;
      return ok(true);
    }
    if (method === 'getFile') {
      const file = this.#files.get(String(params.file_id));
      if (!file) return envelope({ error_code: 400, description: 'Bad Request: invalid file_id' });
      const { bytes, ...meta } = file;
      return ok({ ...meta, file_size: bytes.byteLength });
    }
    if (SEND_METHODS.has(method)) return ok(this.#sentMessage(method, params));
    return envelope({ error_code: 404, description: 'Not Found: method not found' });
  }

  async #getUpdates(params: Record<string, unknown>, signal: AbortSignal) {
    const offset = Number(params.offset ?? 0);
    const limit = Math.min(Number(params.limit ?? 100), 100);
    const timeoutMs = Number(params.timeout ?? 0) * 1000;
    // Like Telegram: an offset confirms, and forgets, every update below it.
    if (offset > 0) this.#updates = this.#updates.filter((u) => u.update_id >= offset);
    const pick = () => this.#updates.filter((u) => u.update_id >= offset).slice(0, limit);
    if (pick().length === 0 && timeoutMs > 0 && !signal.aborted) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.#waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, timeoutMs);
        this.#waiters.add(wake);
        signal.addEventListener('abort', wake, { once: true });
      });
    }
    return pick();
  }

  #sentMessage(method: string, params: Record<string, unknown>) {
    const chatId = Number(params.chat_id);
    const message: Record<string, unknown> = {
      message_id: this.#nextMessageId++,
      from: this.bot,
      chat: { id: chatId, type: 'private' },
      date: Math.floor(Date.now() / 1000),
    };
    if (method === 'sendMessage') message.text = params.text;
    else if (params.caption !== undefined) message.caption = params.caption;
    return message;
  }

  #download(token: string, path: string): Response {
    if (token !== this.token) return new Response('Unauthorized', { status: 401 });
    const file = [...this.#files.values()].find((f) => f.file_path === path);
    if (!file) return new Response('Not Found', { status: 404 });
    return new Response(file.bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': 'application/octet-stream' } });
  }
}

function ok(result: unknown): Response {
  return Response.json({ ok: true, result });
}

function envelope(failure: BotApiFailure): Response {
  return Response.json({ ok: false, ...failure }, { status: failure.error_code });
}

async function readCall(method: string, req: Request, url: URL): Promise<RecordedCall> {
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const files: RecordedCall['files'] = {};
  const type = req.headers.get('content-type') ?? '';
  let bytes = new Uint8Array(await req.arrayBuffer());
  // Some clients gzip request bodies (telegraf's node-fetch under Bun does); decode like a real server.
  if (req.headers.get('content-encoding') === 'gzip') bytes = gunzipSync(bytes);
  const encoding = req.headers.get('content-encoding') ?? undefined;
  if (bytes.byteLength === 0) return { method, params, files, encoding };
  if (type.includes('application/json')) Object.assign(params, JSON.parse(new TextDecoder().decode(bytes)));
  else if (type.includes('application/x-www-form-urlencoded')) Object.assign(params, Object.fromEntries(new URLSearchParams(new TextDecoder().decode(bytes))));
  else if (type.includes('multipart/form-data')) {
    const form = await new Response(bytes, { headers: { 'content-type': type } }).formData();
    for (const [key, value] of form) {
      if (typeof value === 'string') params[key] = parseJsonField(value);
      else files[key] = { filename: value.name, type: value.type, bytes: new Uint8Array(await value.arrayBuffer()) };
    }
  }
  return { method, params, files, encoding };
}

/** Multipart fields carry nested objects (reply_parameters) as JSON text. */
function parseJsonField(value: string): unknown {
  if (!/^[[{]/.test(value)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
