// Workspace administration: channels, users, teams, canned responses, labels, workspace settings.
import type { ApiClient } from './client';
import type { CannedResponse, Channel, ChannelKind, ChannelTest, ComplaintModelReport, Label, Pairing, Team, User, Workspace } from './types';

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
      ...crud<Channel, { kind: ChannelKind; name: string; config: Record<string, unknown>; active?: boolean }>(http, '/api/channels'),
      activate: (id: string) => http.post<Channel>(`/api/channels/${id}/activate`),
      test: (id: string) => http.post<ChannelTest>(`/api/channels/${id}/test`),
      pairing: (id: string) => http.get<Pairing>(`/api/channels/${id}/pairing`),
    },
    users: crud<User, { email: string; name: string; password?: string; roles: string[] }>(http, '/api/users'),
    teams: crud<Team, { name: string; memberIds: string[] }>(http, '/api/teams'),
    canned: crud<CannedResponse, { shortCode: string; content: string }>(http, '/api/canned-responses'),
    labels: crud<Label, { name: string; color: string }>(http, '/api/labels'),
    workspace: {
      get: () => http.get<Workspace>('/api/workspace'),
      update: (patch: Partial<Workspace>) => http.patch<Workspace>('/api/workspace', patch),
    },
    complaintModel: () => http.get<ComplaintModelReport>('/api/complaints/model'),
  };
}
