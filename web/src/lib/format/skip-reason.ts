// Why a contact gets no message, or gets one with a blank, in the user's language; an unknown reason is shown as sent.
import type { Translate } from '../i18n';

const KNOWN = ['no-consent', 'capped', 'held-out', 'condition-false', 'no-channel', 'no-preferred-channel', 'quiet-hours', 'opted-out', 'suppressed'] as const;

export function skipReasonText(reason: string, t: Translate): string {
  return (KNOWN as readonly string[]).includes(reason) ? t(`wf.reason.${reason as (typeof KNOWN)[number]}`) : reason;
}

/** A template variable with no value and no fallback, with the fallback syntax to fix it (`{{contact.firstName | "…"}}`). */
export function missingSentence(variable: string, contacts: number, t: Translate, number: (n: number) => string = String): string {
  return t('campaign.check.missing', { placeholder: `{{${variable}}}`, example: `{{${variable} | "…"}}`, count: number(contacts) });
}
