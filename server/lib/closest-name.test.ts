import { describe, expect, it } from 'vitest';
import { closestName, editDistance } from './closest-name.ts';

const SETTINGS = ['ULAK_DATA_DIR', 'ULAK_SECRET_KEY', 'ULAK_WEBHOOK_ALLOW', 'ULAK_S3_ACCESS_KEY_ID', 'ULAK_S3_SECRET_ACCESS_KEY', 'ULAK_S3_PATH_STYLE', 'ULAK_PUBLIC_URL'];

describe('the setting a mistyped name meant', () => {
  it('is the one sharing the most words, then the fewest edits', () => {
    expect(closestName('ULAK_S3_ACCESS_KEY', SETTINGS)).toBe('ULAK_S3_ACCESS_KEY_ID');
    expect(closestName('ULAK_S3_SECRET_KEY', SETTINGS)).toBe('ULAK_S3_SECRET_ACCESS_KEY');
    expect(closestName('ULAK_S3_FORCE_PATH_STYLE', SETTINGS)).toBe('ULAK_S3_PATH_STYLE');
    expect(closestName('ULAK_WEBHOOK_ALLOWLIST', SETTINGS)).toBe('ULAK_WEBHOOK_ALLOW');
    expect(closestName('ULAK_SECRET', SETTINGS)).toBe('ULAK_SECRET_KEY');
  });

  it('is found by spelling when the words differ', () => {
    expect(closestName('ULAK_DATADIR', SETTINGS)).toBe('ULAK_DATA_DIR');
    expect(closestName('ULAK_PUBLC_URL', SETTINGS)).toBe('ULAK_PUBLIC_URL');
  });

  it('is none when nothing is close', () => {
    expect(closestName('ULAK_THEME', SETTINGS)).toBeUndefined();
    expect(closestName('ULAK_S3', [])).toBeUndefined();
  });

  it('counts edits as Levenshtein does', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('ulak', 'ulak')).toBe(0);
  });
});
