// The import's column mapping: what each CSV column becomes (a profile field, a custom attribute, or nothing), guessed
// from the header as people spell it and then chosen by the user. The mapping's shape is the server's own (type-only).
import type { ColumnMapping } from '../../../../server/contacts/csv-import.ts';

export type { ColumnMapping };

/** Where one column goes; '' leaves it out. */
export type ColumnTarget = ColumnMapping[string] | '';
export type ImportField = Exclude<ColumnMapping[string], `attributes.${string}`>;

/** The profile fields a column can fill, in the order the mapping step offers them. */
export const IMPORT_FIELDS = ['name', 'email', 'phone', 'language', 'timeZone', 'currency', 'birthday', 'labels', 'lastActivityAt'] as const satisfies readonly ImportField[];

/** Header spellings people actually use (English and Turkish), compared without case, spaces, dashes or underscores. */
const aliases: Record<string, ImportField> = {
  name: 'name',
  fullname: 'name',
  ad: 'name',
  adsoyad: 'name',
  adisoyadi: 'name',
  isim: 'name',
  email: 'email',
  mail: 'email',
  emailaddress: 'email',
  eposta: 'email',
  epostaadresi: 'email',
  phone: 'phone',
  phonenumber: 'phone',
  mobile: 'phone',
  telefon: 'phone',
  telefonnumarasi: 'phone',
  cep: 'phone',
  ceptelefonu: 'phone',
  gsm: 'phone',
  language: 'language',
  lang: 'language',
  dil: 'language',
  timezone: 'timeZone',
  tz: 'timeZone',
  zone: 'timeZone',
  saatdilimi: 'timeZone',
  currency: 'currency',
  parabirimi: 'currency',
  birthday: 'birthday',
  birthdate: 'birthday',
  dateofbirth: 'birthday',
  dogumgunu: 'birthday',
  dogumtarihi: 'birthday',
  labels: 'labels',
  tags: 'labels',
  label: 'labels',
  etiket: 'labels',
  etiketler: 'labels',
  lastactivity: 'lastActivityAt',
  lastactivityat: 'lastActivityAt',
  lastorder: 'lastActivityAt',
  lastorderat: 'lastActivityAt',
  lastseen: 'lastActivityAt',
  sonsiparis: 'lastActivityAt',
  sonsiparistarihi: 'lastActivityAt',
  sonalisveris: 'lastActivityAt',
  sonaktivite: 'lastActivityAt',
};

/** Latin letters without accents (Turkish dotless ı and dotted İ included), so "Doğum Tarihi" reads "Dogum Tarihi". */
const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ı/g, 'i');

const normalize = (header: string) =>
  fold(header)
    .toLowerCase()
    .replace(/[\s_\-.]/g, '');

/** A custom attribute key the server accepts (`[A-Za-z_][\w-]*`) made from a header: "Toplam Harcama" → "toplam_harcama". */
export function attributeKey(header: string): string {
  const key = fold(header)
    .toLowerCase()
    .replace(/[^\w-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 100);
  if (!key) return 'column';
  return /^[a-z_]/.test(key) ? key : `_${key}`.slice(0, 100);
}

/** The first guess for a column: a known spelling is a field; anything else a custom attribute (a declared one when its key or label matches). */
export function guessTarget(header: string, declared: readonly { key: string; label: string }[] = []): ColumnTarget {
  if (!header.trim()) return '';
  const field = aliases[normalize(header)];
  if (field) return field;
  const match = declared.find((d) => normalize(d.key) === normalize(header) || normalize(d.label) === normalize(header));
  return `attributes.${match ? match.key : attributeKey(header)}`;
}
