// The Settings line for mail the inbox had to skip: how many, and the subjects of the latest, from channel health.
import type { I18n } from '../i18n';

interface SkippedDetails {
  count?: number;
  latest?: Array<{ subject?: string }>;
}

/** Null when the channel reports nothing skipped (or is not an inbox at all). */
export function skippedMessagesLine(i18n: Pick<I18n, 't'>, health: unknown): string | null {
  const details = (health as { details?: { skipped?: SkippedDetails } } | null | undefined)?.details;
  const skipped = details?.skipped;
  if (!skipped || typeof skipped.count !== 'number' || skipped.count < 1) return null;
  const subjects = (skipped.latest ?? []).map((m) => m.subject?.trim() || i18n.t('settings.skippedNoSubject'));
  const more = skipped.count > subjects.length ? '…' : '';
  return i18n.t('settings.skippedMessages', { count: skipped.count, subjects: `${subjects.map((s) => `“${s}”`).join(', ')}${more}` });
}
