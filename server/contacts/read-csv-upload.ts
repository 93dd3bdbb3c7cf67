// Reads a CSV upload (contacts, orders): the file and its column mapping, refused in words when either is missing or malformed.
import type { Context } from 'hono';
import { invalidField } from '../errors.ts';
import { readFormFile } from '../http/form-upload.ts';
import { parse } from '../http/route.ts';
import { columnMapping, csvColumns, type ColumnMapping } from './csv-import.ts';

export function readCsvUpload(c: Context): Promise<{ file: ReadableStream<Uint8Array>; mapping: ColumnMapping }> {
  return readCsvForm(c, '{"E-posta":"email","Harcama":"attributes.spend"}', (json) => {
    const mapping = parse(columnMapping, json, 'mapping');
    if (!Object.values(mapping).some((f) => f === 'email' || f === 'phone')) throw invalidField('mapping', 'mapping: map a column to "email" or "phone" (every contact needs one)');
    return mapping;
  });
}

/**
 * The multipart form of any CSV import: the file, and its column mapping checked by the importer's `validate` and then
 * against the file's first row.
 */
export async function readCsvForm<M extends Record<string, string>>(c: Context, example: string, validate: (json: unknown) => M): Promise<{ file: ReadableStream<Uint8Array>; mapping: M }> {
  const { form, file } = await readFormFile(c);
  const rawMapping = form.get('mapping');
  if (typeof rawMapping !== 'string') throw invalidField('mapping', `mapping: send a field "mapping" with JSON of CSV column → field, e.g. ${example}`);
  let json: unknown;
  try {
    json = JSON.parse(rawMapping);
  } catch {
    throw invalidField('mapping', 'mapping: not valid JSON');
  }
  const mapping = validate(json);
  await requireMappedColumns(file, mapping);
  return { file: file.stream(), mapping };
}

/** A mapping that names a column the file lacks would reject every row later: refuse it now, naming the file's columns. */
async function requireMappedColumns(file: Blob, mapping: Record<string, string>) {
  const columns = csvColumns(await file.slice(0, 1 << 20).text());
  const missing = Object.keys(mapping).filter((column) => !columns.includes(column));
  if (!missing.length) return;
  const list = (names: string[]) => names.map((n) => `"${n}"`).join(', ');
  throw invalidField('mapping', `mapping: the file has no column ${list(missing)}; its first row names ${columns.length ? list(columns) : 'no columns'}`);
}
