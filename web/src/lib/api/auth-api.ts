// First-run setup, login and the signed-in user's own settings.
import type { ApiClient } from './client';
import type { MePatch, SessionPayload, User } from './types';

export function authApi(http: ApiClient) {
  return {
    needsSetup: () => http.get<{ needsSetup: boolean }>('/api/setup'),
    setup: (input: { email: string; password: string; name: string; locale: 'en' | 'tr' }) => http.post<SessionPayload>('/api/setup', input),
    login: (input: { email: string; password: string }) => http.post<SessionPayload>('/api/auth/login', input),
    logout: () => http.post<unknown>('/api/auth/logout'),
    me: () => http.get<SessionPayload>('/api/me'),
    updateMe: (patch: MePatch) => http.patch<{ user: User } | User>('/api/me', patch),
  };
}
