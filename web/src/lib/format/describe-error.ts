// Turns any thrown value into a sentence a person can act on; the UI never shows raw codes alone.
import type { Translate } from '../i18n';
import { ApiError } from '../api/client';
import type { MessageKey } from '../i18n/en';
import { fieldSentence } from './field-error';
import { missingSentence } from './skip-reason';

/**
 * `serverWords`: whether the server's own (English) message may be shown; a Turkish screen says `false` and gets
 * a sentence from its catalog instead: one per known error code, one per field problem, else the status's.
 */
export function describeError(error: unknown, t: Translate, serverWords = true): string {
  if (!(error instanceof ApiError)) {
    return t('error.unexpected', { detail: error instanceof Error ? error.message : String(error) });
  }
  if (error.code === 'template_variable_missing') {
    const missing = error.fields as Array<{ variable?: unknown; contacts?: unknown; variant?: unknown }>;
    // An A/B campaign's refusal says which variant's template leaves the blank.
    const sentence = (m: (typeof missing)[number]) => missingSentence(String(m.variable), Number(m.contacts), t);
    return missing.map((m) => (m.variant ? `${t('abTest.variant', { key: String(m.variant) })}: ${sentence(m)}` : sentence(m))).join(' ');
  }
  // The channel's own words (an SMTP reply, a provider's error) say what to fix; they are the provider's, in any UI language.
  if (error.code === 'test_send_failed' && typeof error.body?.reason === 'string') return t('error.testSendFailed', { detail: error.body.reason });
  const byCode = `error.code.${error.code}` as MessageKey;
  const coded = t(byCode);
  if (coded !== byCode) return coded;
  const fields = error.fields;
  if (fields.length > 0) {
    const sentences = [...new Set(fields.map((f) => fieldSentence(f, t)))];
    return `${t('field.summary', { count: fields.length })} ${sentences.join(' ')}`;
  }
  // Validation and conflict messages come from the server and are written for people (in English); keep them there.
  const detail = serverWords ? [error.message && error.message !== 'Bad Request' ? error.message : '', ...listDetails(error.details)].filter(Boolean).join('; ') : '';
  switch (true) {
    case error.status === 0:
      return t('error.network');
    case error.status === 401:
      return error.code === 'invalid_credentials' ? t('error.credentials') : t('error.session');
    case error.status === 403:
      return t('error.forbidden');
    case error.status === 404:
      return t('error.notFound');
    case error.status === 409:
      return detail ? t('error.conflictDetail', { detail }) : t('error.conflict');
    case error.status === 400 || error.status === 422:
      return detail ? t('error.invalidDetail', { detail }) : t('error.invalid');
    case error.status === 429:
      return t('error.rateLimited');
    case error.status >= 500:
      return t('error.server');
    default:
      return detail || t('error.unexpected', { detail: error.code });
  }
}

/** `[{ path, message }]` or strings, as validation endpoints send them. */
function listDetails(details: unknown): string[] {
  if (!Array.isArray(details)) return [];
  return details.slice(0, 5).map((item) => (typeof item === 'string' ? item : [(item as { path?: unknown }).path, (item as { message?: unknown }).message].filter(Boolean).join(': ')));
}

/** A 404 from an endpoint that has not shipped yet reads as "not available", not as a failure. */
export function isNotAvailable(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 501);
}
