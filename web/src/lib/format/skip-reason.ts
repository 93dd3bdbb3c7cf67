// Why a workflow step or a dry-run contact was skipped, in the user's language; a reason without words is shown as sent.
import type { MessageKey } from '../i18n/en';

type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

const WORDED = ['no-consent', 'capped', 'held-out', 'condition-false', 'no-channel', 'quiet-hours'] as const;

export function skipReasonText(reason: string, t: Translate): string {
  return (WORDED as readonly string[]).includes(reason) ? t(`wf.reason.${reason as (typeof WORDED)[number]}`) : reason;
}
