// A small S3-protocol server for tests, on the real wire format: path-style and virtual-hosted addressing, PUT / GET /
// HEAD / DELETE object (GET with one byte range too) and ListObjectsV2, every request's AWS Signature V4 verified (a wrong secret gets
// SignatureDoesNotMatch, an unknown key InvalidAccessKeyId), S3's XML errors, and MD5 ETags as S3 gives them.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface FakeS3Object {
  body: Uint8Array;
  etag: string;
  lastModified: Date;
}

export interface FakeS3 {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  objects: Map<string, FakeS3Object>;
  /** Every request: method, key (or `?list`), the status answered, and the headers it came with. */
  requests: { method: string; key: string; status: number; headers: Record<string, string> }[];
  /** The next `count` object writes answer 500 InternalError (a store failing mid-move). */
  failWrites(count: number): void;
  /** The next `count` deletions answer 403 AccessDenied (a bucket policy without s3:DeleteObject). */
  refuseDeletes(count: number): void;
  /** The env a Ulak process needs to use this store. */
  env(overrides?: Record<string, string>): Record<string, string>;
  stop(): void;
}

const hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
// RFC 3986 encoding as SigV4 wants it: everything but unreserved characters.
const awsEncode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function s3Error(status: number, code: string, message: string, method: string): Response {
  const body = method === 'HEAD' ? null : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error>`;
  return new Response(body, { status, headers: { 'content-type': 'application/xml' } });
}

/** The SigV4 check S3 does: rebuild the canonical request from what arrived and compare signatures. */
function verifySignature(req: Request, url: URL, keys: { accessKeyId: string; secretAccessKey: string; region: string }): Response | undefined {
  const auth = req.headers.get('authorization');
  if (!auth) return s3Error(403, 'AccessDenied', 'Anonymous access is not allowed', req.method);
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(auth);
  if (!match) return s3Error(400, 'AuthorizationHeaderMalformed', 'The authorization header is malformed', req.method);
  const [, accessKeyId, date, region, signedHeaders, signature] = match as unknown as string[];
  if (accessKeyId !== keys.accessKeyId) return s3Error(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', req.method);
  // Real S3 refuses a session token it did not issue; this store issues none.
  if (req.headers.has('x-amz-security-token')) return s3Error(400, 'InvalidToken', 'The provided token is malformed or otherwise invalid.', req.method);
  if (region !== keys.region) return s3Error(400, 'AuthorizationHeaderMalformed', `the region '${region}' is wrong; expecting '${keys.region}'`, req.method);
  const amzDate = req.headers.get('x-amz-date') ?? '';
  const payloadHash = req.headers.get('x-amz-content-sha256') ?? '';
  const names = signedHeaders!.split(';');
  if (!names.includes('host') || !amzDate.startsWith(date!) || !payloadHash) return s3Error(403, 'AccessDenied', 'host, x-amz-date and x-amz-content-sha256 must be signed', req.method);
  const query = url.search
    .slice(1)
    .split('&')
    .filter(Boolean)
    .map((pair) => pair.split('=').map((part) => awsEncode(decodeURIComponent(part ?? ''))) as [string, string?])
    .map(([k, v]) => `${k}=${v ?? ''}`)
    .sort()
    .join('&');
  const headers = names.map((name) => `${name}:${(req.headers.get(name) ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const canonical = [req.method, url.pathname, query, headers, signedHeaders, payloadHash].join('\n');
  const scope = `${date}/${region}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, hex(canonical)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${keys.secretAccessKey}`, date!), region!), 's3'), 'aws4_request');
  const expected = hmac(signingKey, toSign);
  if (!timingSafeEqual(expected, Buffer.from(signature!, 'hex'))) {
    return s3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', req.method);
  }
  return undefined;
}

function listObjectsV2(fake: FakeS3, url: URL): Response {
  const prefix = url.searchParams.get('prefix') ?? '';
  const maxKeys = Math.min(Number(url.searchParams.get('max-keys') ?? 1000), 1000);
  const after = url.searchParams.get('continuation-token') ?? url.searchParams.get('start-after') ?? '';
  const keys = [...fake.objects.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
  const page = keys.slice(0, maxKeys);
  const truncated = keys.length > page.length;
  const contents = page
    .map((key) => {
      const o = fake.objects.get(key)!;
      return `<Contents><Key>${xmlEscape(key)}</Key><LastModified>${o.lastModified.toISOString()}</LastModified><ETag>&quot;${o.etag}&quot;</ETag><Size>${o.body.byteLength}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
    })
    .join('');
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${fake.bucket}</Name><Prefix>${xmlEscape(prefix)}</Prefix>` +
    `<KeyCount>${page.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${contents}` +
    (truncated ? `<NextContinuationToken>${xmlEscape(page.at(-1)!)}</NextContinuationToken>` : '') +
    '</ListBucketResult>';
  return new Response(body, { headers: { 'content-type': 'application/xml' } });
}

export function startFakeS3(
  options: { bucket?: string; region?: string; accessKeyId?: string; secretAccessKey?: string; /** false: a store without ListObjectsV2 (NotImplemented). */ listing?: boolean } = {},
): FakeS3 {
  let failingWrites = 0;
  let refusingDeletes = 0;
  const fake: FakeS3 = {
    endpoint: '',
    bucket: options.bucket ?? 'ulak-files',
    region: options.region ?? 'eu-central-1',
    accessKeyId: options.accessKeyId ?? 'AKIAULAKTEST',
    secretAccessKey: options.secretAccessKey ?? 'test-secret-key-0123456789',
    objects: new Map(),
    requests: [],
    failWrites(count) {
      failingWrites = count;
    },
    refuseDeletes(count) {
      refusingDeletes = count;
    },
    env(overrides = {}) {
      return {
        ULAK_S3_ENDPOINT: fake.endpoint,
        ULAK_S3_BUCKET: fake.bucket,
        ULAK_S3_REGION: fake.region,
        ULAK_S3_ACCESS_KEY_ID: fake.accessKeyId,
        ULAK_S3_SECRET_ACCESS_KEY: fake.secretAccessKey,
        ULAK_S3_PATH_STYLE: 'true',
        ...overrides,
      };
    },
    stop: () => server.stop(true),
  };

  /** Virtual-hosted (bucket.host/key) or path-style (host/bucket/key) addressing. */
  function address(req: Request, url: URL): { bucket: string; key: string } {
    const virtual = (req.headers.get('host') ?? '').startsWith(`${fake.bucket}.`);
    const parts = url.pathname.split('/').slice(1);
    const bucket = virtual ? fake.bucket : decodeURIComponent(parts.shift() ?? '');
    return { bucket, key: decodeURIComponent(parts.join('/')) };
  }

  async function handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    const refused = verifySignature(req, url, fake);
    if (refused) return refused;
    const { bucket, key } = address(req, url);
    if (bucket !== fake.bucket) return s3Error(404, 'NoSuchBucket', 'The specified bucket does not exist', req.method);
    const body = new Uint8Array(await req.arrayBuffer());
    const payloadHash = req.headers.get('x-amz-content-sha256');
    if (payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== hex(body))
      return s3Error(400, 'XAmzContentSHA256Mismatch', 'The provided x-amz-content-sha256 header does not match what was computed.', req.method);

    if (!key) {
      if (req.method === 'GET' && url.searchParams.get('list-type') === '2' && options.listing !== false) return listObjectsV2(fake, url);
      return s3Error(501, 'NotImplemented', 'Only ListObjectsV2 is implemented on the bucket', req.method);
    }
    if ([...url.searchParams.keys()].some((k) => k === 'uploads' || k === 'uploadId')) return s3Error(501, 'NotImplemented', 'Multipart uploads are not implemented', req.method);
    const found = fake.objects.get(key);
    switch (req.method) {
      case 'PUT': {
        if (failingWrites > 0) {
          failingWrites -= 1;
          return s3Error(500, 'InternalError', 'We encountered an internal error. Please try again.', req.method);
        }
        const etag = createHash('md5').update(body).digest('hex');
        fake.objects.set(key, { body, etag, lastModified: new Date() });
        return new Response(null, { headers: { etag: `"${etag}"` } });
      }
      case 'GET':
      case 'HEAD': {
        if (!found) return s3Error(404, 'NoSuchKey', 'The specified key does not exist.', req.method);
        const headers = { etag: `"${found.etag}"`, 'last-modified': found.lastModified.toUTCString(), 'content-type': 'application/octet-stream', 'accept-ranges': 'bytes' };
        const size = found.body.byteLength;
        // One range, as S3 serves it: `bytes=start-end` (the end clamped to the object) answers 206 with that part.
        const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.get('range') ?? '');
        if (range && req.method === 'GET') {
          const start = Number(range[1]);
          const end = Math.min(range[2] ? Number(range[2]) : size - 1, size - 1);
          if (start >= size) return s3Error(416, 'InvalidRange', 'The requested range is not satisfiable', req.method);
          const part = found.body.subarray(start, end + 1);
          return new Response(part as BodyInit, { status: 206, headers: { ...headers, 'content-length': String(part.byteLength), 'content-range': `bytes ${start}-${end}/${size}` } });
        }
        return new Response(req.method === 'HEAD' ? null : (found.body as BodyInit), { headers: { ...headers, 'content-length': String(size) } });
      }
      case 'DELETE':
        if (refusingDeletes > 0) {
          refusingDeletes -= 1;
          return s3Error(403, 'AccessDenied', 'Access Denied', req.method);
        }
        fake.objects.delete(key);
        return new Response(null, { status: 204 });
      default:
        return s3Error(405, 'MethodNotAllowed', `${req.method} is not allowed`, req.method);
    }
  }

  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    async fetch(req) {
      const res = await handle(req);
      const path = new URL(req.url).pathname;
      const url = new URL(req.url);
      const key = url.searchParams.has('list-type') ? '?list' : address(req, url).key;
      fake.requests.push({ method: req.method, key, status: res.status, headers: Object.fromEntries(req.headers) });
      return res;
    },
  });
  fake.endpoint = `http://127.0.0.1:${server.port}`;
  return fake;
}
