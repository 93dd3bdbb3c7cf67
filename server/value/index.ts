export { recomputeContactValue } from './recompute-contact-value.ts';
export { recomputeRfm } from './recompute-rfm.ts';
export { readContactValue } from './contact-value.ts';
export { listCurrencyRates, replaceCurrencyRates } from './currency-rates.ts';
export { RFM_SEGMENTS, rfmSegment, scoreRfm, type RfmSegment } from './rfm-score.ts';
export { ValueScheduler, type Timers } from './value-scheduler.ts';
