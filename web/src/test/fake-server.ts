// An in-memory stand-in for the HTTP API, used by state and component tests through createApi({ fetch }).
import { createApi, type SendForm } from '../lib/api';
import type * as Api from '../lib/api/types';

type Handler = (request: { method: string; path: string; query: URLSearchParams; body: any; headers: Record<string, string> }) => { status?: number; body?: unknown } | unknown;

export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  body: any;
  headers: Record<string, string>;
}

/** Routes are "METHOD /path" with `:param` segments; unmatched requests answer 404 like the real API. */
export function fakeServer(routes: Record<string, Handler>) {
  const calls: Recorded[] = [];
  const compiled = Object.entries(routes).map(([key, handler]) => {
    const [method, pattern] = key.split(' ');
    const regex = new RegExp(`^${pattern.replace(/:[\w]+/g, '[^/]+')}$`);
    return { method, regex, handler };
  });
  const fetch = async (input: string, init: RequestInit = {}) => {
    const url = new URL(input, 'http://ulak.test');
    const method = init.method ?? 'GET';
    const request = {
      method,
      path: url.pathname,
      query: url.searchParams,
      body: init.body ? JSON.parse(String(init.body)) : undefined,
      headers: (init.headers ?? {}) as Record<string, string>,
    };
    return answer(request);
  };
  const answer = async (request: Recorded) => {
    calls.push(request);
    const route = compiled.find((r) => r.method === request.method && r.regex.test(request.path));
    if (!route) return json(404, { error: { code: 'not_found', message: 'Not found' } });
    const result = await route.handler(request);
    const reply = isEnvelope(result) ? result : { status: 200, body: result };
    return json(reply.status ?? 200, reply.body);
  };
  // Uploads arrive with the form's fields as the body (`body.file` is the File); progress is reported once, complete.
  const sendForm: SendForm = async (input, { form, headers, onProgress }) => {
    const url = new URL(input, 'http://ulak.test');
    const file = form.get('file') as File;
    onProgress?.({ loaded: file.size, total: file.size });
    const response = await answer({ method: 'POST', path: url.pathname, query: url.searchParams, body: Object.fromEntries(form), headers });
    return { status: response.status, text: await response.text() };
  };
  return { api: createApi({ fetch, sendForm }), calls, fetch };
}

/** `{ status: number, body? }` and nothing else is a reply envelope; anything else is a 200 body. */
function isEnvelope(value: unknown): value is { status: number; body?: unknown } {
  if (!value || typeof value !== 'object') return false;
  const keys = Object.keys(value);
  return typeof (value as { status?: unknown }).status === 'number' && keys.every((key) => key === 'status' || key === 'body');
}

function json(status: number, body: unknown) {
  return new Response(body === undefined ? '' : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

// The builders here make whole server answers (the types are the server's), so a test names only what it is about.
const CREATED = '2026-01-01T00:00:00.000Z';

/** A contact's profile as GET /api/contacts/:id answers it: nothing known but what `overrides` says. */
export function contactProfile(overrides: Partial<Api.ContactProfile> & { id: string }): Api.ContactProfile {
  return {
    name: null,
    language: null,
    timeZone: null,
    currency: null,
    birthday: null,
    preferredChannel: null,
    attributes: {},
    labels: [],
    identities: [],
    consents: [],
    figures: { firstSeenAt: CREATED, lastInboundAt: null, lastOutboundAt: null, conversationCount: 1, orderValue: null },
    conversations: [],
    satisfaction: [],
    complaints: [],
    value: { currency: 'TRY', orders: 0, totalSpent: '0.00', aov: '0.00', firstOrderAt: null, lastOrderAt: null, categories: [], rfm: null, churnRisk: false, churnRiskSince: null, clv: null },
    erasedAt: null,
    createdAt: CREATED,
    ...overrides,
  };
}

export function identity(overrides: Partial<Api.Identity> & Pick<Api.Identity, 'id' | 'kind' | 'value'>): Api.Identity {
  return { attributes: {}, undeliverable: false, undeliverableReason: null, ...overrides };
}

export function channel(overrides: Partial<Api.Channel> & Pick<Api.Channel, 'id' | 'kind' | 'name'>): Api.Channel {
  return { active: true, config: {}, health: { state: 'connected' }, createdAt: CREATED, ...overrides };
}

export function cannedResponse(overrides: Partial<Api.CannedResponse> & Pick<Api.CannedResponse, 'id' | 'shortCode' | 'content'>): Api.CannedResponse {
  return { createdAt: CREATED, updatedAt: CREATED, ...overrides };
}

export function label(overrides: Partial<Api.Label> & Pick<Api.Label, 'name' | 'color'>): Api.Label {
  return { id: `label-${overrides.name}`, description: null, createdAt: CREATED, updatedAt: CREATED, ...overrides };
}

export function campaign(overrides: Partial<Api.Campaign> & Pick<Api.Campaign, 'id' | 'name' | 'status'>): Api.Campaign {
  return {
    segmentId: null,
    conditions: { op: 'has_label', value: 'vip' },
    templateId: null,
    template: null,
    format: null,
    holdoutPercent: 0,
    conversionWindowDays: 7,
    variants: null,
    abTest: null,
    winner: null,
    winnerDecidedAt: null,
    winnerDecidedBy: null,
    channelPolicy: { channelIds: [] },
    schedule: { mode: 'now' },
    throttlePerSecond: 10,
    startedAt: null,
    lastTickAt: null,
    completedAt: null,
    createdAt: CREATED,
    updatedAt: CREATED,
    ...overrides,
  };
}

export function conversation(overrides: Partial<import('../lib/api').ConversationItem> & { id: string }): import('../lib/api').ConversationItem {
  return {
    status: 'open' as const,
    subject: null,
    priority: 'none' as const,
    assignee: null,
    team: null,
    labels: [],
    contact: { id: `contact-${overrides.id}`, name: `Contact ${overrides.id}`, identities: [] },
    channel: { id: 'ch-api', kind: 'api' as const, name: 'API' },
    lastMessage: { text: 'Hello', direction: 'in' as const, at: '2026-11-20T10:00:00.000Z' },
    unreadCount: 0,
    lastActivityAt: '2026-11-20T10:00:00.000Z',
    createdAt: '2026-11-20T09:00:00.000Z',
    snoozedUntil: null,
    ...overrides,
  };
}

export function message(overrides: Partial<import('../lib/api').Message> & { id: string }): import('../lib/api').Message {
  return {
    conversationId: 'c1',
    direction: 'in' as const,
    private: false,
    text: 'Hello',
    html: null,
    subject: null,
    status: 'received' as const,
    error: null,
    channel: { id: 'ch-api', kind: 'api' as const },
    sender: { type: 'contact' as const, id: 'contact-1', name: 'Ayşe' },
    attachments: [],
    autoReply: false,
    metadata: { reactions: [], edits: [], preview: null, complaint: null },
    createdAt: '2026-11-20T10:00:00.000Z',
    sentAt: '2026-11-20T10:00:00.000Z',
    ...overrides,
  };
}
