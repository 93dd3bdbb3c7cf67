// The fake store checks signatures for real: what it accepts from Bun's client, it refuses once anything signed changes.
import { afterAll, describe, expect, it } from 'vitest';
import { S3Client } from 'bun';
import { startFakeS3 } from './fake-s3.ts';

describe('fake S3 store', () => {
  const fake = startFakeS3();
  afterAll(() => fake.stop());
  const client = (secretAccessKey = fake.secretAccessKey) => new S3Client({ endpoint: fake.endpoint, bucket: fake.bucket, region: fake.region, accessKeyId: fake.accessKeyId, secretAccessKey });

  it('accepts requests Bun signs with the right secret and refuses the same requests under another secret', async () => {
    await client().write('a/b c+d.txt', 'merhaba');
    expect(fake.objects.get('a/b c+d.txt')?.body).toEqual(new TextEncoder().encode('merhaba'));
    expect(await client().file('a/b c+d.txt').text()).toBe('merhaba');
    expect((await client().list({ prefix: 'a/' })).contents?.map((c) => c.key)).toEqual(['a/b c+d.txt']);
    await expect(client('wrong').file('a/b c+d.txt').text()).rejects.toMatchObject({ code: 'SignatureDoesNotMatch' });
  });

  it('refuses a replayed signature on another key or method, and a request with no signature', async () => {
    await client().write('signed', 'x');
    const signed = fake.requests.at(-1)!;
    expect(signed).toMatchObject({ method: 'PUT', key: 'signed', status: 200 });
    const headers = { authorization: signed.headers.authorization!, 'x-amz-date': signed.headers['x-amz-date']!, 'x-amz-content-sha256': signed.headers['x-amz-content-sha256']! };
    const replay = (path: string, method: string) => fetch(`${fake.endpoint}/${fake.bucket}/${path}`, { method, headers, body: method === 'PUT' ? 'x' : undefined });
    expect((await replay('signed', 'PUT')).status).toBe(200);
    const other = await replay('other', 'PUT');
    expect(other.status).toBe(403);
    expect(await other.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect((await replay('signed', 'DELETE')).status).toBe(403);
    expect(fake.objects.has('other')).toBe(false);
    expect(fake.objects.has('signed')).toBe(true);
    const anonymous = await fetch(`${fake.endpoint}/${fake.bucket}/signed`);
    expect(anonymous.status).toBe(403);
    expect(await anonymous.text()).toContain('<Code>AccessDenied</Code>');
  });
});
