// The one place the browser talks HTTP: JSON in and out, file uploads, CSRF on writes, errors as ApiError.
import type { FieldIssue } from '../../../../server/http/error-body.ts';
import { xhrSendForm, type SendForm, type UploadProgress } from './send-form';
import { readEvents } from '../../../../server/lib/sse-events.ts';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;
type Query = Record<string, string | number | boolean | null | undefined>;

/** Any failed call; `status` 0 means the server could not be reached at all. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Field-level problems some endpoints add (e.g. workflow validation), as sent. */
    readonly details?: unknown,
    /** The whole `error` object, for members beside code and message (`fields`, a conflict's counts). */
    readonly body?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** A 422's field problems as codes and bounds (`{ path, code, minimum? … }`), worded by the UI in its language. */
  get fields(): FieldIssue[] {
    const fields = this.body?.fields;
    return Array.isArray(fields) ? (fields as FieldIssue[]).filter((f) => typeof f?.path === 'string' && typeof f?.code === 'string') : [];
  }
}

export type { FieldIssue };

export function toQuery(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export class ApiClient {
  #fetch: FetchLike;
  #sendForm: SendForm;
  #base: string;
  #csrf: string | null = null;
  /** Called on any 401 so the app can return to the login screen. */
  onUnauthorized: (() => void) | null = null;

  constructor(options: { fetch?: FetchLike; sendForm?: SendForm; base?: string } = {}) {
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#sendForm = options.sendForm ?? xhrSendForm;
    this.#base = options.base ?? '';
  }

  setCsrfToken(token: string | null) {
    this.#csrf = token;
  }

  get<T>(path: string, query?: Query) {
    return this.request<T>('GET', path + toQuery(query));
  }
  /** `keepalive` lets a small write outlive the page (a "left" sent as the tab closes). */
  post<T>(path: string, body?: unknown, options: { keepalive?: boolean } = {}) {
    return this.request<T>('POST', path, body ?? {}, options);
  }
  patch<T>(path: string, body: unknown) {
    return this.request<T>('PATCH', path, body);
  }
  delete<T>(path: string) {
    return this.request<T>('DELETE', path);
  }

  async request<T>(method: string, path: string, body?: unknown, { keepalive }: { keepalive?: boolean } = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && this.#csrf) headers['X-CSRF-Token'] = this.#csrf;
    let response: Response;
    try {
      response = await this.#fetch(this.#base + path, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
        ...(keepalive ? { keepalive } : {}),
      });
    } catch (cause) {
      throw new ApiError(0, 'network', cause instanceof Error ? cause.message : String(cause));
    }
    return this.#settle<T>(path, response.status, await response.text(), response.statusText);
  }

  /**
   * A POST answered with Server-Sent Events: each named event goes to `onEvent` as it arrives. A refusal before the
   * stream (409, 502…) throws ApiError like any call; `signal` stops reading (ApiError code "aborted").
   */
  async stream(path: string, body: unknown, onEvent: (event: string, data: unknown) => void, signal?: AbortSignal): Promise<void> {
    const headers: Record<string, string> = { Accept: 'text/event-stream', 'Content-Type': 'application/json' };
    if (this.#csrf) headers['X-CSRF-Token'] = this.#csrf;
    let response: Response;
    try {
      response = await this.#fetch(this.#base + path, { method: 'POST', headers, credentials: 'same-origin', body: JSON.stringify(body), signal });
      if (!response.ok || !response.body || !(response.headers.get('content-type') ?? '').includes('text/event-stream')) {
        const answer = this.#settle<unknown>(path, response.status, await response.text(), response.statusText);
        // A server that answers plain JSON (no streaming) still gives the whole text.
        onEvent('done', answer);
        return;
      }
      for await (const event of readEvents(response.body)) onEvent(event.event, safeJson(event.data));
    } catch (cause) {
      if (cause instanceof ApiError) throw cause;
      if (signal?.aborted) throw new ApiError(0, 'aborted', 'Stopped');
      throw new ApiError(0, 'network', cause instanceof Error ? cause.message : String(cause));
    }
  }

  /** One file as multipart field "file" (with text `fields` beside it), reporting upload progress; `signal` cancels it (ApiError code "aborted"). */
  async upload<T>(path: string, file: File, { fields = {}, ...options }: { fields?: Record<string, string>; onProgress?: (progress: UploadProgress) => void; signal?: AbortSignal } = {}): Promise<T> {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.set(name, value);
    form.set('file', file, file.name);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.#csrf) headers['X-CSRF-Token'] = this.#csrf;
    let reply: { status: number; text: string };
    try {
      reply = await this.#sendForm(this.#base + path, { form, headers, ...options });
    } catch (cause) {
      if ((cause as { name?: string })?.name === 'AbortError') throw new ApiError(0, 'aborted', 'The upload was cancelled');
      throw new ApiError(0, 'network', cause instanceof Error ? cause.message : String(cause));
    }
    return this.#settle<T>(path, reply.status, reply.text, '');
  }

  #settle<T>(path: string, status: number, text: string, statusText: string): T {
    const data = text ? safeJson(text) : null;
    if (status < 200 || status >= 300) {
      if (status === 401 && !path.startsWith('/api/auth/login')) this.onUnauthorized?.();
      const error = (data as { error?: { code?: string; message?: string; errors?: unknown } & Record<string, unknown> } | null)?.error;
      throw new ApiError(status, error?.code ?? `http_${status}`, error?.message ?? statusText, error?.errors, error ?? undefined);
    }
    return data as T;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { error: { code: 'bad_response', message: text.slice(0, 200) } };
  }
}
