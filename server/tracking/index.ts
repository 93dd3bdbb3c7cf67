export { withTracking, type TrackingConfig } from './apply-tracking.ts';
export { trackingPlan, storedPlan, slugify, type TrackingPlan } from './tracking-plan.ts';
export { readOpenToken, readClickToken } from './tracking-token.ts';
export { recordOpen, recordClick } from './record-engagement.ts';
export { isMachineEngagement, PREFETCH_SECONDS } from './machine-engagement.ts';
export { keepOpen, storeSpooledOpens } from './open-spool.ts';
