// Reads a CSV upload (contacts, orders): the file and its column mapping, refused in words when either is missing or malformed.
import type { Context } from 'hono';
import { AppError } from '../errors.ts';
import { readFormFile } from '../http/form-upload.ts';
import { parse } from '../http/route.ts';
import { columnMapping, type ColumnMapping } from './csv-import.ts';

export async function readCsvUpload(c: Context): Promise<{ file: ReadableStream<Uint8Array>; mapping: ColumnMapping }> {
  const { file, mapping: json } = await readCsvForm(c, '{"E-posta":"email","Harcama":"attributes.spend"}');
  const mapping = parse(columnMapping, json, 'mapping');
  if (!Object.values(mapping).some((f) => f === 'email' || f === 'phone')) throw new AppError(422, 'validation_failed', 'mapping: map a column to "email" or "phone" (every contact needs one)');
  return { file, mapping };
}

/** The multipart form of any CSV import: the file, and the column mapping as JSON still to be checked by the caller. */
export async function readCsvForm(c: Context, example: string): Promise<{ file: ReadableStream<Uint8Array>; mapping: unknown }> {
  const { form, file } = await readFormFile(c);
  const rawMapping = form.get('mapping');
  if (typeof rawMapping !== 'string') throw new AppError(422, 'validation_failed', `mapping: send a field "mapping" with JSON of CSV column → field, e.g. ${example}`);
  try {
    return { file: file.stream(), mapping: JSON.parse(rawMapping) };
  } catch {
    throw new AppError(422, 'validation_failed', 'mapping: not valid JSON');
  }
}
