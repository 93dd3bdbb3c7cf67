// Customers: list, profile, edits, merges and CSV import (of contacts, and of their orders).
import type { ApiClient } from './client';
import type { AttributeDefinition, ContactOrder, ContactPatch, ImportProgress, ContactProfile, ContactSummary, MergePreview, MergeSuggestion, OrderImportProgress, Page } from './types';
import type { ColumnMapping } from '../state/csv-mapping';

export function contactsApi(http: ApiClient) {
  return {
    list: (query: { q?: string; label?: string; cursor?: string | null }) => http.get<Page<ContactSummary>>('/api/contacts', query),
    get: (id: string) => http.get<ContactProfile>(`/api/contacts/${id}`),
    /** The latest orders with their items, newest first. */
    orders: (id: string, limit: number) => http.get<{ items: ContactOrder[] }>(`/api/contacts/${id}/orders`, { limit }),
    update: (id: string, patch: ContactPatch) => http.patch<ContactProfile>(`/api/contacts/${id}`, patch),
    mergeSuggestions: () => http.get<{ items: MergeSuggestion[] }>('/api/contacts/merge-suggestions'),
    dismissSuggestion: (intoId: string, fromId: string) => http.post<{ ok: true }>('/api/contacts/merge-suggestions/dismiss', { intoId, fromId }),
    mergePreview: (intoId: string, fromId: string) => http.post<MergePreview>('/api/contacts/merge/preview', { intoId, fromId }),
    merge: (intoId: string, fromId: string) => http.post<{ mergeId: string; contact: ContactProfile }>('/api/contacts/merge', { intoId, fromId }),
    revertMerge: (mergeId: string) => http.post<{ intoId: string; fromId: string }>(`/api/contacts/merges/${mergeId}/revert`),
    /** The CSV file itself, with its column mapping; the server imports it in the background and answers its id. */
    importCsv: (file: File, mapping: ColumnMapping) => http.upload<{ id: string }>('/api/contacts/import', file, { fields: { mapping: JSON.stringify(mapping) } }),
    importStatus: (id: string) => http.get<ImportProgress>(`/api/contacts/imports/${id}`),
    /** A CSV file of orders with its column mapping (column → order field); imported in the background like contacts. */
    importOrdersCsv: (file: File, mapping: Record<string, string>) => http.upload<{ id: string }>('/api/orders/import', file, { fields: { mapping: JSON.stringify(mapping) } }),
    orderImportStatus: (id: string) => http.get<OrderImportProgress>(`/api/orders/imports/${id}`),
    attributes: () => http.get<{ items: AttributeDefinition[] }>('/api/attributes'),
  };
}
