// The typed API client the state classes use; components never call it directly.
import { ApiClient, type FetchLike } from './client';
import type { SendForm } from './send-form';
import { authApi } from './auth-api';
import { inboxApi } from './inbox-api';
import { contactsApi } from './contacts-api';
import { adminApi } from './admin-api';
import { insightsApi } from './insights-api';
import { assistApi } from './assist-api';
import { bulkApi } from './bulk-api';
import { analyticsApi } from './analytics-api';

export { ApiClient, ApiError, toQuery, type FetchLike, type FieldIssue } from './client';
export type { SendForm, UploadProgress } from './send-form';
export type * from './types';
export type { AbTestReport, CampaignStatus, ReportedCampaignStatus, RevenueReport, SegmentSuggestion, VariantFigures } from './insights-api';
export type { Suggestion, AssistTask } from './assist-api';

export function createApi(options: { fetch?: FetchLike; sendForm?: SendForm; base?: string } = {}) {
  const http = new ApiClient(options);
  return {
    http,
    auth: authApi(http),
    conversations: inboxApi(http),
    contacts: contactsApi(http),
    admin: adminApi(http),
    insights: insightsApi(http),
    assist: assistApi(http),
    bulk: bulkApi(http),
    analytics: analyticsApi(http),
  };
}
export type Api = ReturnType<typeof createApi>;
