import { describe, expect, it } from 'vitest';
import { sanitizeFilename } from './sanitize-filename.ts';

describe('sanitizeFilename', () => {
  it('keeps an ordinary Turkish file name as it is', () => {
    expect(sanitizeFilename('Fatura Ağustos ğüşiöç.pdf')).toBe('Fatura Ağustos ğüşiöç.pdf');
  });

  it('drops the directories a client may send with the name', () => {
    expect(sanitizeFilename('C:\\Users\\ayse\\Desktop\\fatura.pdf')).toBe('fatura.pdf');
    expect(sanitizeFilename('../../etc/passwd')).toBe('passwd');
  });

  it('replaces control and header-breaking characters', () => {
    expect(sanitizeFilename('a"b\r\nc<d>.txt')).toBe('a_b__c_d_.txt');
  });

  it('removes bidirectional overrides that disguise the extension', () => {
    expect(sanitizeFilename('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
  });

  it('does not produce hidden, empty or reserved names', () => {
    expect(sanitizeFilename('.htaccess')).toBe('htaccess');
    expect(sanitizeFilename('...')).toBe('file');
    expect(sanitizeFilename(undefined)).toBe('file');
    expect(sanitizeFilename('CON.txt')).toBe('_CON.txt');
  });

  it('shortens a very long name but keeps its extension', () => {
    const name = sanitizeFilename(`${'ş'.repeat(300)}.docx`);
    expect([...name]).toHaveLength(200);
    expect(name.endsWith('ş.docx')).toBe(true);
  });
});
