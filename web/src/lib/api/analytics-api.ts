// Customer analytics: the RFM grid and its cells, segment sizes over time, cohorts, predicted value, churn risk.
import { ApiError, toQuery, type ApiClient } from './client';
import type { ClvFitResult } from '../../../../server/db/schema/orders.ts';
import type { CohortRetention, PredictedValue, RfmGrid, SegmentSizes, ValueContactPage } from './types';

export function analyticsApi(http: ApiClient) {
  return {
    rfm: () => http.get<RfmGrid>('/api/analytics/rfm'),
    cellContacts: (r: number, f: number, limit = 50) => http.get<ValueContactPage>('/api/analytics/rfm/contacts', { r, f, limit }),
    segmentSizes: (days: number) => http.get<SegmentSizes>('/api/analytics/segment-sizes', { days }),
    cohorts: (months: number) => http.get<CohortRetention>('/api/analytics/cohorts', { months }),
    predictedValue: () => http.get<PredictedValue>('/api/analytics/predicted-value'),
    /** The stored purchase-model fit, or null before there is one (`404 no_fit`, or `422 not_enough_data` while the data is too little for one). */
    clvFit: () =>
      http.get<ClvFitResult>('/api/analytics/clv').catch((error: unknown) => (error instanceof ApiError && (error.status === 404 || error.code === 'not_enough_data') ? null : Promise.reject(error))),
    churnRisk: (limit: number) => http.get<ValueContactPage & { currency: string }>('/api/analytics/churn-risk', { limit }),
    /** A plain link: the browser downloads it with the session cookie. */
    churnRiskCsvUrl: () => `/api/analytics/churn-risk${toQuery({ format: 'csv', limit: 10_000 })}`,
  };
}
