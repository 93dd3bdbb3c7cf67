// Many conversations at once, macros, and presence on the open conversation.
import type { ApiClient } from './client';
import type { BulkRequest, BulkResult, Macro, MacroInput, MacroRun, Presence, PresenceState } from './types';

export function bulkApi(http: ApiClient) {
  return {
    /** One action over ids or every conversation matching a filter; `previous` in the answer undoes it (action `restore`). */
    run: (request: BulkRequest) => http.post<BulkResult>('/api/conversations/bulk', request),
    macros: {
      list: async () => (await http.get<{ items: Macro[] }>('/api/macros')).items,
      create: (input: MacroInput) => http.post<Macro>('/api/macros', input),
      update: (id: string, patch: Partial<MacroInput>) => http.patch<Macro>(`/api/macros/${id}`, patch),
      remove: (id: string) => http.delete<unknown>(`/api/macros/${id}`),
      run: (conversationId: string, macroId: string) => http.post<MacroRun>(`/api/conversations/${conversationId}/macros/${macroId}/run`),
    },
    /** "left" is sent with keepalive, so it still reaches the server when the agent closes the tab. */
    presence: (conversationId: string, state: PresenceState) => http.post<{ items: Presence[] }>(`/api/conversations/${conversationId}/presence`, { state }, { keepalive: state === 'left' }),
  };
}
