// Assistance: reply suggestions (no model), the workspace's model settings, and drafts, summaries and translations.
import { ApiError, type ApiClient } from './client';
import type { Suggestion } from '../../../../server/assist/suggest-replies.ts';
import type { AssistTask } from '../../../../server/assist/tasks.ts';
import type { AiAvailability, AiSettingsInput, AiSettingsView, AiTestInput, AiTestResult, AssistRequest } from './types';

export type { Suggestion, AssistTask };

export function assistApi(http: ApiClient) {
  return {
    suggestions: (conversationId: string) => http.get<{ items: Suggestion[] }>(`/api/conversations/${conversationId}/suggestions`),
    picked: (conversationId: string, itemId: string) => http.post<unknown>(`/api/conversations/${conversationId}/suggestions/${itemId}/picked`),
    settings: () => http.get<AiSettingsView>('/api/workspace/ai'),
    availability: () => http.get<AiAvailability>('/api/workspace/ai/availability'),
    saveSettings: (input: AiSettingsInput) => http.request<AiSettingsView>('PUT', '/api/workspace/ai', input),
    test: (input: AiTestInput = {}) => http.post<AiTestResult>('/api/workspace/ai/test', input),
    /** Streams the answer: `onDelta` gets each piece; resolves with the whole text. */
    async stream(conversationId: string, request: AssistRequest, onDelta: (text: string) => void, signal?: AbortSignal): Promise<string> {
      let whole = '';
      let failure: { code: string; message: string } | null = null;
      let finished = false;
      await http.stream(
        `/api/conversations/${conversationId}/assist`,
        request,
        (event, data) => {
          const payload = data as { text?: unknown; error?: { code: string; message: string } };
          if (event === 'delta' && typeof payload?.text === 'string') {
            whole += payload.text;
            onDelta(payload.text);
          } else if (event === 'done' && typeof payload?.text === 'string') {
            whole = payload.text;
            finished = true;
          } else if (event === 'error') failure = payload?.error ?? { code: 'ai_bad_response', message: 'The stream ended with an error' };
        },
        signal,
      );
      // A stream cut on the way (a proxy, a dropped connection) ends with neither done nor error: that is no answer.
      if (!failure && !finished) failure = { code: 'ai_stream_cut', message: 'The answer stopped before it was finished' };
      if (failure) throw failureError(failure);
      return whole;
    },
  };
}

function failureError(failure: { code: string; message: string }) {
  return new ApiError(502, failure.code, failure.message, undefined, failure);
}
