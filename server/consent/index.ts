// Public face of the consent room: keywords, consent changes, unsubscribe links and pages, the suppression list.
export { consentKeyword } from './consent-keyword.ts';
export { recordConsent, recordConsents, type ConsentChange, type ConsentSource } from './record-consent.ts';
export { readUnsubscribeToken, unsubscribeToken, unsubscribeUrl, type UnsubscribeSubject } from './unsubscribe-token.ts';
export { withUnsubscribe, type UnsubscribeConfig } from './marketing-email.ts';
export { marketingRefusals, type MarketingRefusal, type QueuedMarketing } from './marketing-refusals.ts';
export { addSuppressions, deleteSuppression, listSuppressions, normalizeSuppressions, suppressedIdentities, suppressionKeyOf, type SuppressionInput, type SuppressionReport } from './suppressions.ts';
export { pageLanguage, type PageLanguage } from './page-language.ts';
export { keepConsentChange, storeSpooledConsents } from './consent-spool.ts';
