// A minimal Bot API client over the platform fetch: JSON calls and multipart uploads, failures as telegraf's TelegramError.
// Why not telegraf's own client: under Bun its node-fetch shim gzips every JSON request body (telegraf
// sets `compress: true`), which the Bot API is not documented to accept, and its multipart stream never
// finishes (sendPhoto hangs). Both were reproduced against a local server; plain fetch has neither problem.
import { TelegramError } from 'telegraf';
import type { OutboundAttachment } from '../channel.ts';

export class BotApiClient {
  readonly #base: string;

  constructor(
    readonly apiRoot: string,
    readonly token: string,
  ) {
    this.#base = `${apiRoot.replace(/\/$/, '')}/bot${token}`;
  }

  /** The download URL of a file_path returned by getFile. */
  fileUrl(filePath: string): string {
    return `${this.apiRoot.replace(/\/$/, '')}/file/bot${this.token}/${filePath}`;
  }

  call<T>(method: string, params: Record<string, unknown> = {}, signal?: AbortSignal): Promise<T> {
    const body = JSON.stringify(params);
    return this.#post<T>(method, { body, headers: { 'content-type': 'application/json' }, signal });
  }

  /** Multipart upload: scalars as-is, objects (reply_parameters) JSON-encoded as the Bot API expects. */
  upload<T>(method: string, params: Record<string, unknown>, file: { field: string; attachment: OutboundAttachment }): Promise<T> {
    const form = new FormData();
    for (const [key, value] of Object.entries(params)) {
      if (value === undefined) continue;
      form.set(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
    }
    const { attachment } = file;
    form.set(file.field, new Blob([attachment.content as Uint8Array<ArrayBuffer>], { type: attachment.contentType }), attachment.filename);
    return this.#post<T>(method, { body: form });
  }

  async #post<T>(method: string, init: RequestInit): Promise<T> {
    const response = await fetch(`${this.#base}/${method}`, { method: 'POST', ...init });
    // Proxies in front of the Bot API answer 5xx without the JSON envelope.
    if (response.status >= 500) throw new TelegramError({ error_code: response.status, description: response.statusText || 'server error' });
    const data = (await response.json()) as { ok: boolean; result: T; error_code: number; description: string; parameters?: object };
    if (!data.ok) throw new TelegramError(data as never, { method });
    return data.result;
  }
}
