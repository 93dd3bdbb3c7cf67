// Conversations, their messages and global search.
import type { ApiClient } from './client';
import type { ConversationCounts, ConversationDetail, ConversationFilter, ConversationItem, ConversationPatch, Message, NewMessage, Page, SearchResult, UploadedFile } from './types';
import type { UploadProgress } from './send-form';

export function inboxApi(http: ApiClient) {
  return {
    list: (filter: ConversationFilter, cursor?: string | null, limit = 50) => http.get<Page<ConversationItem>>('/api/conversations', { ...filter, cursor, limit }),
    counts: () => http.get<ConversationCounts>('/api/conversations/counts'),
    get: (id: string) => http.get<ConversationDetail>(`/api/conversations/${id}`),
    update: (id: string, patch: ConversationPatch) => http.patch<ConversationDetail>(`/api/conversations/${id}`, patch),
    markRead: (id: string) => http.post<unknown>(`/api/conversations/${id}/read`),
    messages: (id: string, cursor?: string | null) => http.get<Page<Message>>(`/api/conversations/${id}/messages`, { cursor }),
    send: (id: string, message: NewMessage) => http.post<Message>(`/api/conversations/${id}/messages`, message),
    /** Sends a failed reply again. */
    retry: (messageId: string) => http.post<Message>(`/api/messages/${messageId}/retry`),
    /** A file for the next reply; its id goes into NewMessage.attachmentIds. */
    upload: (file: File, options?: { onProgress?: (progress: UploadProgress) => void; signal?: AbortSignal }) => http.upload<UploadedFile>('/api/uploads', file, options),
    search: (q: string) => http.get<SearchResult>('/api/search', { q }),
  };
}
