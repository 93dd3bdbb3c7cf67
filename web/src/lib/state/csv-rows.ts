// Maps a CSV row (any header spelling) onto the import API's fields; unknown columns become custom attributes.
// Type-only: the row shape is the server's own, so the two cannot drift apart; nothing server-side is bundled.
import type { ImportRow } from '../../../../server/contacts/import-contacts.ts';

export type { ImportRow };

type Field = Exclude<keyof ImportRow, 'attributes'>;

/** Header spellings people actually use, compared without case, spaces, dashes or underscores. */
const aliases: Record<string, Field> = {
  name: 'name',
  fullname: 'name',
  ad: 'name',
  adsoyad: 'name',
  isim: 'name',
  email: 'email',
  mail: 'email',
  emailaddress: 'email',
  eposta: 'email',
  phone: 'phone',
  phonenumber: 'phone',
  mobile: 'phone',
  telefon: 'phone',
  gsm: 'phone',
  language: 'language',
  lang: 'language',
  dil: 'language',
  timezone: 'timeZone',
  tz: 'timeZone',
  zone: 'timeZone',
  currency: 'currency',
  birthday: 'birthday',
  birthdate: 'birthday',
  dateofbirth: 'birthday',
  dogumgunu: 'birthday',
  labels: 'labels',
  tags: 'labels',
  label: 'labels',
  etiketler: 'labels',
  lastactivity: 'lastActivityAt',
  lastactivityat: 'lastActivityAt',
  lastorder: 'lastActivityAt',
  lastseen: 'lastActivityAt',
  sonsiparis: 'lastActivityAt',
  sonaktivite: 'lastActivityAt',
};

const normalize = (header: string) =>
  header
    .toLocaleLowerCase('en')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ı/g, 'i')
    .replace(/[\s_\-.]/g, '');

export function toImportRow(raw: Record<string, string | undefined>): ImportRow {
  const row: ImportRow = {};
  const attributes: Record<string, unknown> = {};
  for (const [header, rawValue] of Object.entries(raw)) {
    const value = (rawValue ?? '').trim();
    if (!value || !header.trim()) continue;
    const field = aliases[normalize(header)];
    if (field === 'labels')
      row.labels = value
        .split(/[;,|]/)
        .map((label) => label.trim())
        .filter(Boolean);
    else if (field === 'currency') row.currency = value.toUpperCase();
    else if (field) row[field] = value;
    else attributes[header.trim()] = value;
  }
  if (Object.keys(attributes).length) row.attributes = attributes;
  return row;
}
