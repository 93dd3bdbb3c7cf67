// Words a server field problem (`{ path, code, minimum? … }` from a 422) in the user's language, for the form field it concerns.
import type { Translate } from '../i18n';
import { ApiError, type FieldIssue } from '../api/client';

export function fieldSentence(issue: FieldIssue, t: Translate): string {
  const min = issue.minimum ?? 0;
  const max = issue.maximum ?? 0;
  switch (issue.code) {
    case 'required':
      return t('field.required');
    case 'invalid_format':
      if (issue.format === 'email') return t('field.email');
      if (issue.format === 'url') return t('field.url');
      return t('field.invalidFormat');
    case 'too_small':
      // A string that must have one character is a field left empty.
      if (issue.origin === 'string') return min <= 1 ? t('field.required') : t('field.tooShort', { min, count: min });
      return t('field.tooSmall', { min });
    case 'too_big':
      return issue.origin === 'string' ? t('field.tooLong', { max, count: max }) : t('field.tooBig', { max });
    case 'invalid_type':
      return t('field.invalidType');
    case 'invalid_value':
      return t('field.invalidOption');
    default:
      return t('field.invalid');
  }
}

/** The field problems a failed save carried; none for any other error. */
export function fieldIssuesOf(error: unknown): FieldIssue[] {
  return error instanceof ApiError ? error.fields : [];
}

/** The sentence for the first problem at `path` (or under it, e.g. "config" for "config.imap"), or null. */
export function fieldErrorAt(error: unknown, path: string, t: Translate): string | null {
  const issue = fieldIssuesOf(error).find((i) => i.path === path);
  return issue ? fieldSentence(issue, t) : null;
}
