// Customers: list, profile, edits, merges and CSV import.
import type { ApiClient } from './client';
import type { ContactPatch, ContactProfile, ContactSummary, ImportResult, MergePreview, MergeSuggestion, Page } from './types';
import type { ImportRow } from '../state/csv-rows';

export function contactsApi(http: ApiClient) {
  return {
    list: (query: { q?: string; label?: string; cursor?: string | null }) => http.get<Page<ContactSummary>>('/api/contacts', query),
    get: (id: string) => http.get<ContactProfile>(`/api/contacts/${id}`),
    update: (id: string, patch: ContactPatch) => http.patch<ContactProfile>(`/api/contacts/${id}`, patch),
    mergeSuggestions: () => http.get<{ items: MergeSuggestion[] }>('/api/contacts/merge-suggestions'),
    dismissSuggestion: (intoId: string, fromId: string) => http.post<{ ok: true }>('/api/contacts/merge-suggestions/dismiss', { intoId, fromId }),
    mergePreview: (intoId: string, fromId: string) => http.post<MergePreview>('/api/contacts/merge/preview', { intoId, fromId }),
    merge: (intoId: string, fromId: string) => http.post<{ mergeId: string; contact: ContactProfile }>('/api/contacts/merge', { intoId, fromId }),
    revertMerge: (mergeId: string) => http.post<{ intoId: string; fromId: string }>(`/api/contacts/merges/${mergeId}/revert`),
    import: (rows: ImportRow[]) => http.post<ImportResult>('/api/contacts/import', { rows }),
  };
}
