import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptJson, encryptJson } from './secret-box.ts';

describe('secret box', () => {
  const key = randomBytes(32);
  it('round-trips a value and never stores it in clear', () => {
    const sealed = encryptJson(key, { password: 'hunter2' });
    expect(sealed).not.toContain('hunter2');
    expect(decryptJson(key, sealed)).toEqual({ password: 'hunter2' });
  });
  it('refuses a tampered value or the wrong key', () => {
    const sealed = encryptJson(key, { a: 1 });
    const parts = sealed.split('.');
    parts[3] = Buffer.from('x' + Buffer.from(parts[3]!, 'base64').toString('latin1').slice(1), 'latin1').toString('base64');
    expect(() => decryptJson(key, parts.join('.'))).toThrow();
    expect(() => decryptJson(randomBytes(32), sealed)).toThrow();
  });
});
