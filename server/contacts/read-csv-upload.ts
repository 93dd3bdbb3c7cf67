// Reads a contacts CSV upload: the file and its column mapping, refused in words when either is missing or malformed.
import type { Context } from 'hono';
import { AppError } from '../errors.ts';
import { readFormFile } from '../http/form-upload.ts';
import { parse } from '../http/route.ts';
import { columnMapping, type ColumnMapping } from './csv-import.ts';

export async function readCsvUpload(c: Context): Promise<{ file: ReadableStream<Uint8Array>; mapping: ColumnMapping }> {
  const { form, file } = await readFormFile(c);
  const rawMapping = form.get('mapping');
  if (typeof rawMapping !== 'string')
    throw new AppError(422, 'validation_failed', 'mapping: send a field "mapping" with JSON of CSV column → field, e.g. {"E-posta":"email","Harcama":"attributes.spend"}');
  let json: unknown;
  try {
    json = JSON.parse(rawMapping);
  } catch {
    throw new AppError(422, 'validation_failed', 'mapping: not valid JSON');
  }
  const mapping = parse(columnMapping, json, 'mapping');
  if (!Object.values(mapping).some((f) => f === 'email' || f === 'phone')) throw new AppError(422, 'validation_failed', 'mapping: map a column to "email" or "phone" (every contact needs one)');
  return { file: file.stream(), mapping };
}
