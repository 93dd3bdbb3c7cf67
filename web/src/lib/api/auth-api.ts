// First-run setup, login and the signed-in user's own settings.
import type { ApiClient } from './client';
import type { MePatch, SessionPayload, SessionState, User } from './types';

export function authApi(http: ApiClient) {
  return {
    /** Who is signed in (`user` null when nobody is) and whether first-run setup is still needed; never a 401. */
    session: () => http.get<SessionState>('/api/auth/session'),
    setup: (input: { email: string; password: string; name: string; locale: 'en' | 'tr' }) => http.post<SessionPayload>('/api/setup', input),
    login: (input: { email: string; password: string }) => http.post<SessionPayload>('/api/auth/login', input),
    logout: () => http.post<unknown>('/api/auth/logout'),
    me: () => http.get<SessionPayload>('/api/me'),
    updateMe: (patch: MePatch) => http.patch<{ user: User } | User>('/api/me', patch),
  };
}
