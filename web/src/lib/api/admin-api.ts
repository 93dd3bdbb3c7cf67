// Workspace administration: channels, users, teams, canned responses, labels, workspace settings, shop integrations.
import type { ApiClient } from './client';
import type {
  CannedResponse,
  Channel,
  ChannelTest,
  ComplaintModelReport,
  CreatedIntegration,
  CurrencyRates,
  Integration,
  Label,
  NewCannedResponse,
  NewChannel,
  NewIntegration,
  NewLabel,
  NewTeam,
  NewUser,
  Pairing,
  Team,
  TeamMember,
  Workspace,
  WorkspacePatch,
  CreatedWebhook,
  NewWebhook,
  RotatedWebhookSecret,
  WebhookTestResult,
  WebhookDeliveryPage,
  WebhookDeliveryQuery,
  WebhookPatch,
  WebhookReplay,
  WebhookReplayRequest,
  WebhookSubscription,
} from './types';

/** Some list endpoints return a bare array, others `{ items }`; accept both. */
export function itemsOf<T>(data: T[] | { items: T[] }): T[] {
  return Array.isArray(data) ? data : (data?.items ?? []);
}

function crud<T, TInput>(http: ApiClient, path: string) {
  return {
    list: async () => itemsOf(await http.get<T[] | { items: T[] }>(path)),
    create: (input: TInput) => http.post<T>(path, input),
    update: (id: string, patch: Partial<TInput>) => http.patch<T>(`${path}/${id}`, patch),
    remove: (id: string) => http.delete<unknown>(`${path}/${id}`),
  };
}

export function adminApi(http: ApiClient) {
  return {
    channels: {
      ...crud<Channel, NewChannel>(http, '/api/channels'),
      activate: (id: string) => http.post<Channel>(`/api/channels/${id}/activate`),
      test: (id: string) => http.post<ChannelTest>(`/api/channels/${id}/test`),
      pairing: (id: string) => http.get<Pairing>(`/api/channels/${id}/pairing`),
    },
    users: crud<TeamMember, NewUser>(http, '/api/users'),
    teams: crud<Team, NewTeam>(http, '/api/teams'),
    canned: crud<CannedResponse, NewCannedResponse>(http, '/api/canned-responses'),
    labels: crud<Label, NewLabel>(http, '/api/labels'),
    workspace: {
      get: () => http.get<Workspace>('/api/workspace'),
      update: (patch: WorkspacePatch) => http.patch<Workspace>('/api/workspace', patch),
    },
    /** The rates lifetime figures are totalled through; saving replaces the whole table. */
    currencyRates: {
      get: () => http.get<CurrencyRates>('/api/workspace/currency-rates'),
      replace: (rates: Record<string, string>) => http.request<CurrencyRates>('PUT', '/api/workspace/currency-rates', { rates }),
    },
    /** Shops whose order webhooks come in; connecting answers the whole secret once. */
    integrations: {
      list: async () => (await http.get<{ items: Integration[] }>('/api/integrations')).items,
      create: (input: NewIntegration) => http.post<CreatedIntegration>('/api/integrations', input),
      remove: (id: string) => http.delete<unknown>(`/api/integrations/${id}`),
    },
    webhooks: {
      list: async () => itemsOf(await http.get<{ items: WebhookSubscription[] }>('/api/webhooks')),
      create: (input: NewWebhook) => http.post<CreatedWebhook>('/api/webhooks', input),
      update: (id: string, patch: WebhookPatch) => http.patch<WebhookSubscription>(`/api/webhooks/${id}`, patch),
      remove: (id: string) => http.delete<unknown>(`/api/webhooks/${id}`),
      rotateSecret: (id: string) => http.post<RotatedWebhookSecret>(`/api/webhooks/${id}/rotate-secret`),
      test: (id: string) => http.post<WebhookTestResult>(`/api/webhooks/${id}/test`),
      deliveries: (id: string, query: Pick<WebhookDeliveryQuery, 'status' | 'cursor'> = {}) => http.get<WebhookDeliveryPage>(`/api/webhooks/${id}/deliveries`, query),
      replay: (id: string, request: WebhookReplayRequest) => http.post<WebhookReplay>(`/api/webhooks/${id}/replay`, request),
    },
    complaintModel: () => http.get<ComplaintModelReport>('/api/complaints/model'),
  };
}
