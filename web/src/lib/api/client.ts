// The one place the browser talks HTTP: JSON in and out, CSRF on writes, errors as ApiError.
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
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

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
  #base: string;
  #csrf: string | null = null;
  /** Called on any 401 so the app can return to the login screen. */
  onUnauthorized: (() => void) | null = null;

  constructor(options: { fetch?: FetchLike; base?: string } = {}) {
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#base = options.base ?? '';
  }

  setCsrfToken(token: string | null) {
    this.#csrf = token;
  }

  get<T>(path: string, query?: Query) {
    return this.request<T>('GET', path + toQuery(query));
  }
  post<T>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body ?? {});
  }
  patch<T>(path: string, body: unknown) {
    return this.request<T>('PATCH', path, body);
  }
  delete<T>(path: string) {
    return this.request<T>('DELETE', path);
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
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
      });
    } catch (cause) {
      throw new ApiError(0, 'network', cause instanceof Error ? cause.message : String(cause));
    }
    const text = await response.text();
    const data = text ? safeJson(text) : null;
    if (!response.ok) {
      if (response.status === 401 && !path.startsWith('/api/auth/login')) this.onUnauthorized?.();
      const error = (data as { error?: { code?: string; message?: string; errors?: unknown } } | null)?.error;
      throw new ApiError(response.status, error?.code ?? `http_${response.status}`, error?.message ?? response.statusText, error?.errors);
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
