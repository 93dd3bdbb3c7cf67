// A rejected import row in the reader's language: by its code where the server gave one, else the server's words.
import type { ImportRejection } from '../../../../server/db/schema/columns.ts';
import type { MessageKey } from '../i18n/en';

type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function rejectionText(entry: Pick<ImportRejection, 'reason' | 'code' | 'value' | 'field' | 'type'>, t: Translate): string {
  if (!entry.code) return entry.reason;
  return t(`import.reject.${entry.code}`, { value: entry.value ?? '', field: entry.field ?? '', type: entry.type ?? '' });
}
