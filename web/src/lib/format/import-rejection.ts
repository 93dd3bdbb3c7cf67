// A rejected import row in the reader's language: by its code where the server gave one, else the server's words.
import type { Translate } from '../i18n';
import type { ImportRejection } from '../../../../server/db/schema/columns.ts';

export function rejectionText(entry: Pick<ImportRejection, 'reason' | 'code' | 'value' | 'field' | 'type'>, t: Translate): string {
  if (!entry.code) return entry.reason;
  return t(`import.reject.${entry.code}`, { value: entry.value ?? '', field: entry.field ?? '', type: entry.type ?? '' });
}
