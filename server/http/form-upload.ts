// Multipart uploads: recognising one, and reading its form with the file in the field "file", refused in words.
import type { Context } from 'hono';
import { AppError, invalidField } from '../errors.ts';

export const isMultipart = (c: Context) => (c.req.header('content-type') ?? '').toLowerCase().startsWith('multipart/form-data');

/** The form and its "file" field; 400 when the body is not readable multipart, 422 when no file was attached. */
export async function readFormFile(c: Context): Promise<{ form: FormData; file: File }> {
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch {
    throw new AppError(400, 'invalid_multipart', 'The multipart body could not be read');
  }
  const file = form.get('file');
  if (!file || typeof file === 'string') throw invalidField('file', 'file: attach a CSV file in a field named "file"');
  return { form, file: file as File };
}
