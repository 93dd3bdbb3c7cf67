// Files for replies: uploaded one per request before sending, and served to providers through signed links.
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { attachments } from '../db/schema/index.ts';
import { AppError, invalidField } from '../errors.ts';
import type { AppEnv } from '../http/env.ts';
import { defineRoutes, uuidParam } from '../http/route.ts';
import { fileResponse } from '../http/file-response.ts';
import { verifyFileSignature } from '../files/signed-file-url.ts';
import { storeUpload } from '../files/store-upload.ts';

export const app = new Hono<AppEnv>();
const route = defineRoutes(app, 'uploads', '/api');

export const uploadRoute = route(
  {
    method: 'post',
    path: '/uploads',
    access: ['agent'],
    status: 201,
    fileField: 'file',
    summary:
      'Upload one file (multipart/form-data, field "file") to attach to a reply with attachmentIds; unused uploads are deleted after a day; 503 storage_unavailable or storage_refused when the file store (disk or ULAK_S3_* bucket) fails',
  },
  async (c, { user }) => {
    if (!c.req.header('content-type')?.toLowerCase().startsWith('multipart/form-data')) {
      throw new AppError(415, 'unsupported_media_type', 'Send the file as multipart/form-data in a field named "file"');
    }
    let form: FormData;
    try {
      form = await c.req.formData();
    } catch {
      throw new AppError(400, 'invalid_multipart', 'The multipart body could not be read');
    }
    const fileCount = [...form.values()].filter((v) => typeof v !== 'string').length;
    const file = form.get('file');
    if (typeof file === 'string' || !file) throw invalidField('file', 'file: attach a file in a field named "file"');
    if (fileCount > 1) throw invalidField('file', 'file: upload one file per request');
    const services = c.get('services');
    return storeUpload({ ...services, maxAttachmentBytes: services.config.maxAttachmentBytes }, user.id, file as File);
  },
);

route(
  {
    method: 'get',
    path: '/files/:id',
    access: 'public',
    summary:
      'Download a sent attachment through a signed, expiring link (how Twilio fetches MMS media); no session needed; served by Ulak from disk or the ULAK_S3_* bucket, never a redirect to the bucket; `Range: bytes=…` gets one range (206)',
    query: z.object({ exp: z.string().max(20).optional(), sig: z.string().max(128).optional() }),
  },
  async (c, { query }) => {
    const services = c.get('services');
    const id = uuidParam(c);
    if (!verifyFileSignature(services.config.secretKey, id, query.exp, query.sig, services.now())) {
      throw new AppError(403, 'forbidden', 'This file link is not valid or has expired');
    }
    const [file] = await services.database.db.select().from(attachments).where(eq(attachments.id, id));
    return fileResponse(c.req.raw, services.storage, file);
  },
);
