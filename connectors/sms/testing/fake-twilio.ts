// A local Twilio REST API on 127.0.0.1 (Messages.json and media behind basic auth), plus the SDK httpClient that reaches it.
import { randomBytes } from 'node:crypto';
import type { Server } from 'bun';
import type RequestClient from 'twilio/lib/base/RequestClient';
import { apiRootHttpClient } from '../twilio-api-root.ts';

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
  #mediaFailures = new Map<string, number>();
  /** The account's numbers and Messaging Services, with the inbound webhook each points at. */
  readonly numbers = new Map<string, { sid: string; smsUrl: string | null; smsMethod: string }>();
  readonly services = new Map<string, { inboundRequestUrl: string | null; useInboundWebhookOnNumber: boolean }>();
  /**
   * Runs after a message is created and before the answer leaves, as Twilio's status callbacks may overtake the
   * answer: a test posts the callback here to see it arrive before the sender has written down the sid.
   */
  beforeAnswer: ((message: { sid: string; params: Record<string, string> }) => Promise<void>) | undefined;

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

  /** A number owned by the account (`+905321234567`). */
  addNumber(phoneNumber: string): void {
    this.numbers.set(phoneNumber, { sid: `PN${hex()}`, smsUrl: null, smsMethod: 'POST' });
  }

  addService(sid: string): void {
    this.services.set(sid, { inboundRequestUrl: null, useInboundWebhookOnNumber: true });
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

  /** Makes a media URL answer `status` (503: an outage; 404: deleted) until called again with null. */
  failMedia(url: string, status: number | null): void {
    const path = new URL(url).pathname;
    if (status === null) this.#mediaFailures.delete(path);
    else this.#mediaFailures.set(path, status);
  }

  /** A twilio SDK httpClient that reaches this fake (as a channel configured with `apiRoot: fake.baseUrl` does). */
  httpClient(): RequestClient {
    return apiRootHttpClient(this.baseUrl);
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
      const failure = this.#mediaFailures.get(url.pathname);
      if (failure) return new Response('failing', { status: failure });
      return new Response(media.bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': media.contentType } });
    }
    this.requests.push(recorded);
    if (!authorized) return error({ status: 401, code: 20003, message: 'Authenticate' });
    const failure = this.#failures.shift();
    if (failure) return error(failure);
    if (req.method === 'POST' && url.pathname === `/2010-04-01/Accounts/${this.accountSid}/Messages.json`) {
      const message = this.#message(recorded.params, recorded.mediaUrls.length);
      await this.beforeAnswer?.({ sid: message.sid, params: recorded.params });
      return Response.json(message, { status: 201 });
    }
    const numbersPath = `/2010-04-01/Accounts/${this.accountSid}/IncomingPhoneNumbers`;
    if (req.method === 'GET' && url.pathname === `${numbersPath}.json`) {
      const wanted = url.searchParams.get('PhoneNumber');
      const found = [...this.numbers].filter(([phone]) => !wanted || phone === wanted).map(([phone, n]) => this.#number(phone, n));
      return Response.json({
        incoming_phone_numbers: found,
        first_page_uri: `${numbersPath}.json`,
        next_page_uri: null,
        previous_page_uri: null,
        page: 0,
        page_size: 50,
        start: 0,
        end: found.length,
        uri: `${numbersPath}.json`,
      });
    }
    const numberUpdate = url.pathname.match(new RegExp(`^${numbersPath}/(PN[0-9a-f]+)\\.json$`));
    if (req.method === 'POST' && numberUpdate) {
      const entry = [...this.numbers].find(([, n]) => n.sid === numberUpdate[1]);
      if (!entry) return error({ status: 404, code: 20404, message: 'The requested resource was not found' });
      Object.assign(entry[1], { smsUrl: form.get('SmsUrl') ?? entry[1].smsUrl, smsMethod: form.get('SmsMethod') ?? entry[1].smsMethod });
      return Response.json(this.#number(entry[0], entry[1]));
    }
    const serviceUpdate = url.pathname.match(/^\/messaging\/v1\/Services\/(MG[0-9a-fA-F]+)$/);
    if (req.method === 'POST' && serviceUpdate) {
      const service = this.services.get(serviceUpdate[1]!);
      if (!service) return error({ status: 404, code: 20404, message: 'The requested resource was not found' });
      Object.assign(service, { inboundRequestUrl: form.get('InboundRequestUrl'), useInboundWebhookOnNumber: form.get('UseInboundWebhookOnNumber') === 'true' });
      return Response.json({
        sid: serviceUpdate[1],
        account_sid: this.accountSid,
        friendly_name: 'Ulak',
        inbound_request_url: service.inboundRequestUrl,
        inbound_method: form.get('InboundMethod'),
        use_inbound_webhook_on_number: service.useInboundWebhookOnNumber,
        url: `https://messaging.twilio.com/v1/Services/${serviceUpdate[1]}`,
      });
    }
    if (req.method === 'GET' && url.pathname === `/2010-04-01/Accounts/${this.accountSid}.json`) {
      return Response.json({ sid: this.accountSid, friendly_name: 'Ulak Test', status: 'active', type: 'Full' });
    }
    return error({ status: 404, code: 20404, message: 'The requested resource was not found' });
  }

  #number(phoneNumber: string, n: { sid: string; smsUrl: string | null; smsMethod: string }) {
    return {
      sid: n.sid,
      account_sid: this.accountSid,
      phone_number: phoneNumber,
      friendly_name: phoneNumber,
      sms_url: n.smsUrl,
      sms_method: n.smsMethod,
      capabilities: { sms: true, mms: true, voice: false },
      uri: `/2010-04-01/Accounts/${this.accountSid}/IncomingPhoneNumbers/${n.sid}.json`,
    };
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
