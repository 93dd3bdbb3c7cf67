import { describe, expect, it } from 'vitest';
import { detectContentType } from './detect-content-type.ts';

const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82]);
const text = new TextEncoder().encode('plain words');

describe('detectContentType', () => {
  it('trusts the type the browser declared, without its parameters', async () => {
    expect(await detectContentType('Text/Plain; charset=utf-8', text, 'notes.txt')).toBe('text/plain');
  });

  it('sniffs the magic bytes when the declared type is generic or missing', async () => {
    expect(await detectContentType('application/octet-stream', png, 'photo')).toBe('image/png');
    expect(await detectContentType(undefined, png, 'photo.bin')).toBe('image/png');
  });

  it('falls back to the extension, then to a generic binary type', async () => {
    expect(await detectContentType('', text, 'offer.docx')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(await detectContentType('garbage', text, 'mystery')).toBe('application/octet-stream');
  });
});
