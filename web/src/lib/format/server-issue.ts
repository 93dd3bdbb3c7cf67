// A problem the server found in a workflow, in the user's words where the server gave it a code; else its own message.
import type { ServerIssue } from '../api/types';
import type { MessageKey, Translate } from '../i18n';

const KEYS: Record<NonNullable<ServerIssue['code']>, MessageKey> = {
  invalid_cron: 'wf.err.invalidCron',
  destination_not_allowed: 'wf.err.destinationNotAllowed',
};

export function serverIssueText(issue: ServerIssue, t: Translate): string {
  return issue.code ? t(KEYS[issue.code]) : issue.message;
}
