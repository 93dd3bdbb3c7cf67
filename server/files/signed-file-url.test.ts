import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FILE_URL_TTL_MS, signedFileUrl, verifyFileSignature } from './signed-file-url.ts';

const secretKey = randomBytes(32);
const id = '5b0c1c7e-8d5e-4f9a-9d5e-2f1d7c3b9a10';
const now = new Date('2026-11-20T10:00:00Z');
const parts = (url: string) => {
  const u = new URL(url);
  return { path: u.pathname, exp: u.searchParams.get('exp') ?? undefined, sig: u.searchParams.get('sig') ?? undefined };
};

describe('signed file URLs', () => {
  it('signs a public URL that verifies until it expires', () => {
    const url = signedFileUrl({ publicUrl: 'https://ulak.example.com', secretKey, now }, id);
    const { path, exp, sig } = parts(url);
    expect(url.startsWith('https://ulak.example.com/api/files/')).toBe(true);
    expect(path).toBe(`/api/files/${id}`);
    expect(verifyFileSignature(secretKey, id, exp, sig, now)).toBe(true);
    expect(verifyFileSignature(secretKey, id, exp, sig, new Date(now.getTime() + FILE_URL_TTL_MS + 1000))).toBe(false);
  });

  it('refuses another file, a changed expiry, another key and malformed input', () => {
    const { exp, sig } = parts(signedFileUrl({ publicUrl: 'https://u', secretKey, now }, id));
    expect(verifyFileSignature(secretKey, '00000000-0000-0000-0000-000000000000', exp, sig, now)).toBe(false);
    expect(verifyFileSignature(secretKey, id, String(Number(exp) + 3600), sig, now)).toBe(false);
    expect(verifyFileSignature(randomBytes(32), id, exp, sig, now)).toBe(false);
    expect(verifyFileSignature(secretKey, id, exp, 'abc', now)).toBe(false);
    expect(verifyFileSignature(secretKey, id, undefined, sig, now)).toBe(false);
  });
});
