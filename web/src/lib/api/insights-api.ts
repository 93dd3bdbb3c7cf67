// Reports and automation (workflows, segments, campaigns, templates).
import { toQuery, type ApiClient } from './client';
import { itemsOf } from './admin-api';
import type {
  Campaign,
  CampaignPreview,
  CampaignStats,
  DraftPreviewRequest,
  EventProperties,
  Metric,
  NewCampaign,
  NewTemplate,
  Overview,
  SavedSegment,
  SegmentPreview,
  TestSendResult,
  TimeseriesPoint,
  Workflow,
  WorkflowDetail,
  WorkflowPreview,
  WorkflowRun,
  WorkflowStats,
} from './types';
import type { Condition } from '../state/segment';
import type { CampaignStatus, ReportedCampaignStatus } from '../../../../workflows/campaigns/lifecycle.ts';
import type { SegmentSuggestion } from '../../../../server/assist/suggest-segments.ts';

export type { CampaignStatus, ReportedCampaignStatus, SegmentSuggestion };
/** Attributed revenue as the stats routes send it (amounts as decimal strings). */
export type RevenueReport = NonNullable<CampaignStats['revenue']>;
/** One A/B variant's test group and the test's winner and lift, as the stats route sends them. */
export type VariantFigures = CampaignStats['variants'][number];
export type AbTestReport = NonNullable<CampaignStats['abTest']>;

export function insightsApi(http: ApiClient) {
  return {
    overview: (from: string, to: string) => http.get<Overview>('/api/reports/overview', { from, to }),
    timeseries: (metric: Metric, interval: 'day' | 'week', from: string, to: string) => http.get<{ points: TimeseriesPoint[] }>('/api/reports/timeseries', { metric, interval, from, to }),
    /** A plain link: the browser downloads it with the session cookie. */
    exportUrl: (from: string, to: string) => `/api/reports/export.csv${toQuery({ from, to })}`,
    workflows: {
      list: async () => itemsOf(await http.get<Workflow[] | { items: Workflow[] }>('/api/workflows')),
      create: (definition: Record<string, unknown>) => http.post<Workflow>('/api/workflows', definition),
      /** The server merges this over the current definition and saves a new version. */
      update: (id: string, definition: Record<string, unknown>) => http.patch<Workflow>(`/api/workflows/${id}`, definition),
      remove: (id: string) => http.delete<unknown>(`/api/workflows/${id}`),
      fromPreset: (name: string, options: { enabled?: boolean; name?: string; labels?: { complaint?: string } } = {}) => http.post<Workflow>(`/api/workflows/presets/${name}`, options),
      setEnabled: (id: string, enabled: boolean) => http.post<Workflow>(`/api/workflows/${id}/${enabled ? 'enable' : 'disable'}`),
      /** With its `source`: what the author wrote, before defaults (the editor loads that). */
      get: (id: string) => http.get<WorkflowDetail>(`/api/workflows/${id}`),
      preview: (id: string) => http.post<WorkflowPreview>(`/api/workflows/${id}/preview`),
      /** Dry run of an unsaved definition; a 422 carries the field errors. */
      previewDraft: (request: DraftPreviewRequest) => http.post<WorkflowPreview>('/api/workflows/preview', request),
      runs: async (id: string) => itemsOf(await http.get<{ items: WorkflowRun[] }>(`/api/workflows/${id}/runs`, { limit: 50 })),
      /** Every coupon code the workflow issued, as a CSV file the shop can import. */
      couponsCsvUrl: (id: string) => `/api/workflows/${id}/coupons${toQuery({ format: 'csv' })}`,
      stats: (id: string) => http.get<WorkflowStats>(`/api/workflows/${id}/stats`),
    },
    events: {
      /** The property names seen on a tracked event's latest rows, to check a trigger's property filters against. */
      properties: (name: string) => http.get<EventProperties>('/api/events/properties', { name }),
    },
    segments: {
      preview: (conditions: Condition) => http.post<SegmentPreview>('/api/segments/preview', { conditions }),
      /** Clusters of customers described in words, each a definition the marketer can save or use as an audience. */
      suggestions: async (lang: 'tr' | 'en') => itemsOf(await http.get<{ items: SegmentSuggestion[] }>('/api/segments/suggestions', { lang })),
      list: async () => itemsOf(await http.get<{ items: SavedSegment[] }>('/api/segments')),
      save: (name: string, conditions: Condition) => http.post<SavedSegment>('/api/segments', { name, conditions }),
    },
    templates: {
      create: (input: NewTemplate) => http.post<{ id: string }>('/api/templates', input),
    },
    campaigns: {
      list: async () => itemsOf(await http.get<Campaign[] | { items: Campaign[] }>('/api/campaigns')),
      create: (input: NewCampaign) => http.post<Campaign>('/api/campaigns', input),
      /** `start` answers `{ campaign, recipients }`, the other commands the campaign itself: either way, the campaign. */
      act: async (id: string, action: 'start' | 'pause' | 'resume' | 'cancel') => {
        const answer = await http.post<Campaign | { campaign: Campaign; recipients: number }>(`/api/campaigns/${id}/${action}`);
        return 'campaign' in answer ? answer.campaign : answer;
      },
      stats: (id: string) => http.get<CampaignStats>(`/api/campaigns/${id}/stats`),
      /** Dry run before Start: audience, split per channel, skips by reason, a rendered sample, the template check (of `variant`, default A). */
      preview: (id: string, options: { contactId?: string; variant?: string } = {}) => http.post<CampaignPreview>(`/api/campaigns/${id}/preview`, options),
      /** Picks an A/B campaign's winner by hand; those waiting for it are sent its message. */
      pickWinner: (id: string, key: 'A' | 'B' | 'C' | 'D') => http.post<Campaign>(`/api/campaigns/${id}/winner`, { key }),
      testSend: (id: string, to: string, variant?: string) => http.post<TestSendResult>(`/api/campaigns/${id}/test-send`, { to, variant }),
    },
  };
}
