// A local Twilio REST API on 127.0.0.1 (Messages.json and media behind basic auth), plus the SDK httpClient that reaches it.
import { randomBytes } from 'node:crypto';
import type { Server } from 'bun';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | null;
  userAgent: string | null;
  params: Record<string, string>;
  /** Every MediaUrl of an MMS (the parameter repeats, so `params` keeps only the last). */
  mediaUrls: string[];
}

export interface TwilioFailure {
  status: number;
  code?: number;
  message: string;
}


export class FakeTwilio {
  readonly requests: RecordedRequest[] = [];
  readonly mediaRequests: RecordedRequest[] = [];
  #server: Server<undefined> | undefined;
  #failures: TwilioFailure[] = [];
  #media = new Map<string, { bytes: Uint8Array; contentType: string }>();

  constructor(
    readonly accountSid: string,
    readonly authToken: string,
  ) {}

  async start(): Promise<this> {
    this.#server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: (req) => this.#handle(req) });
    return this;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.#server!.port}`;
  }

  async close(): Promise<void> {
    await this.#server?.stop(true);
  }

  failNext(failure: TwilioFailure): void {
    this.#failures.push(failure);
  }

  /** Hosts an MMS media file the way Twilio does, and returns its URL. */
  addMedia(bytes: Uint8Array, contentType: string): string {
    const path = `/2010-04-01/Accounts/${this.accountSid}/Messages/MM${hex()}/Media/ME${hex()}`;
    this.#media.set(path, { bytes, contentType });
    return `${this.baseUrl}${path}`;
  }

  /**
   * A twilio SDK httpClient: the SDK has no base-URL option, so this wraps the SDK's own RequestClient
   * (axios, its form encoding and auth) and only rewrites https://api.twilio.com to this fake.
   */
  httpClient(): RequestClient {
    const real = new twilio.RequestClient();
    const rewrite = (uri: string) => uri.replace(/^https:\/\/api\.twilio\.com/, this.baseUrl);
    return Object.assign(Object.create(real), {
      request: (opts: Parameters<RequestClient['request']>[0]) => real.request({ ...opts, uri: rewrite(opts.uri) }),
    });
  }

  async #handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    const form = new URLSearchParams(req.method === 'POST' ? await req.text() : url.search);
    const recorded: RecordedRequest = {
      method: req.method,
      path: url.pathname,
      authorization: req.headers.get('authorization'),
      userAgent: req.headers.get('user-agent'),
      params: Object.fromEntries(form),
      mediaUrls: form.getAll('MediaUrl'),
    };
    const authorized = recorded.authorization === `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
    const media = this.#media.get(url.pathname);
    if (media) {
      this.mediaRequests.push(recorded);
      if (!authorized) return new Response('Unauthorized', { status: 401 });
      return new Response(media.bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': media.contentType } });
    }
    this.requests.push(recorded);
    if (!authorized) return error({ status: 401, code: 20003, message: 'Authenticate' });
    const failure = this.#failures.shift();
    if (failure) return error(failure);
    if (req.method === 'POST' && url.pathname === `/2010-04-01/Accounts/${this.accountSid}/Messages.json`) {
      return Response.json(this.#message(recorded.params, recorded.mediaUrls.length), { status: 201 });
    }
    if (req.method === 'GET' && url.pathname === `/2010-04-01/Accounts/${this.accountSid}.json`) {
      return Response.json({ sid: this.accountSid, friendly_name: 'Ulak Test', status: 'active', type: 'Full' });
    }
    return error({ status: 404, code: 20404, message: 'The requested resource was not found' });
  }

  #message(params: Record<string, string>, mediaCount: number) {
    const sid = `SM${hex()}`;
    const now = new Date().toUTCString().replace('GMT', '+0000');
    return {
      account_sid: this.accountSid,
      api_version: '2010-04-01',
      body: params.Body,
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: params.From ?? null,
      messaging_service_sid: params.MessagingServiceSid ?? null,
      num_media: String(mediaCount),
      num_segments: '1',
      price: null,
      price_unit: 'USD',
      sid,
      status: params.MessagingServiceSid ? 'accepted' : 'queued',
      subresource_uris: { media: `/2010-04-01/Accounts/${this.accountSid}/Messages/${sid}/Media.json` },
      to: params.To,
      uri: `/2010-04-01/Accounts/${this.accountSid}/Messages/${sid}.json`,
    };
  }
}

function error(failure: TwilioFailure): Response {
  const { status, code, message } = failure;
  const body = { code: code ?? null, message, more_info: code ? `https://www.twilio.com/docs/errors/${code}` : null, status };
  return Response.json(body, { status });
}

function hex(): string {
  return randomBytes(16).toString('hex');
}

