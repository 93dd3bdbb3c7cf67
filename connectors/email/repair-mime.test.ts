import { describe, expect, it } from 'vitest';
import { repairMime } from './repair-mime.ts';

const lines = (...parts: string[]) => Buffer.from(parts.join('\r\n'), 'latin1');

describe('repairMime', () => {
  it('returns the very same buffer when nothing needs mending', () => {
    const source = lines('Content-Type: multipart/mixed; boundary=b', '', '--b', 'Content-Type: text/plain; charset=utf-8', '', 'hi', '--b--', '');
    expect(repairMime(source)).toBe(source);
  });

  it('strips trailing whitespace from delimiters of declared boundaries only, not from other lines', () => {
    const source = lines('Content-Type: multipart/mixed; boundary=b', '', 'preamble  ', '--b \t', '', 'body  ', '--other  ', '--bx  ', '--b--  ', 'epilogue ');
    expect(repairMime(source).toString('latin1')).toBe(
      lines('Content-Type: multipart/mixed; boundary=b', '', 'preamble  ', '--b', '', 'body  ', '--other  ', '--bx  ', '--b--', 'epilogue ').toString('latin1'),
    );
  });

  it('follows boundaries declared inside an inline attached message, which mailparser reads into', () => {
    const source = lines(
      'Content-Type: multipart/mixed; boundary=outer',
      '',
      '--outer',
      'Content-Type: message/rfc822',
      'Content-Disposition: inline',
      '',
      'Subject: inner',
      'Content-Type: multipart/alternative; boundary=inner',
      '',
      '--inner  ',
      '',
      'x',
      '--inner-- ',
      '--outer--',
      '',
    );
    expect(repairMime(source).toString('latin1')).toContain('\r\n--inner\r\n\r\nx\r\n--inner--\r\n--outer--');
  });

  it('labels an undeclared 8-bit text part and leaves declared and binary parts alone', () => {
    const source = lines(
      'Content-Type: multipart/mixed; boundary=b',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'Sipari\xfeim',
      '--b',
      'Content-Type: text/plain; charset=iso-8859-1',
      '',
      'caf\xe9',
      '--b',
      'Content-Type: application/octet-stream',
      '',
      '\xfe\xff',
      '--b--',
      '',
    );
    const repaired = repairMime(source).toString('latin1');
    expect(repaired).toContain('--b\r\nContent-Type: text/plain; charset=windows-1254\r\n\r\nSipari\xfeim');
    expect(repaired).toContain('Content-Type: text/plain; charset=iso-8859-1\r\n\r\ncaf\xe9');
    expect(repaired).toContain('Content-Type: application/octet-stream\r\n\r\n\xfe\xff');
  });

  it('prefers the charset an html part names in its meta tag to a guess', () => {
    const source = lines('Content-Type: text/html', '', '<meta charset="iso-8859-9"><p>\xfe</p>');
    expect(repairMime(source).toString('latin1')).toMatch(/^Content-Type: text\/html; charset=iso-8859-9\r\n\r\n/);
  });

  it('leaves the bytes of a message attached as a file alone', () => {
    const source = lines(
      'Content-Type: multipart/mixed; boundary=outer',
      '',
      '--outer',
      'Content-Type: message/rfc822',
      '',
      'Subject: Sipari\xfe',
      'Content-Type: multipart/alternative; boundary=inner',
      '',
      '--inner  ',
      'Content-Type: text/plain',
      '',
      '\xfe',
      '--inner-- ',
      '--outer--',
      '',
    );
    expect(repairMime(source)).toBe(source);
  });

  it('inserts the missing empty line before a body that follows the header fields directly', () => {
    expect(repairMime(lines('Subject: x', 'Hello there,', 'thanks', '')).toString()).toBe(lines('Subject: x', '', 'Hello there,', 'thanks', '').toString());
    // A stray line among the fields is no body: fields follow it.
    const stray = lines('Subject: x', 'stray words', 'From: a@b.example', '', 'body');
    expect(repairMime(stray)).toBe(stray);
  });

  it('renames a boundary with non-ASCII bytes in its declaration and its delimiters', () => {
    const source = lines('Content-Type: multipart/mixed; boundary="b\xb5"', '', '--b\xb5', '', 'x', '--b\xb5--', '');
    expect(repairMime(source).toString('latin1')).toBe(lines('Content-Type: multipart/mixed; boundary="b=B5"', '', '--b=B5', '', 'x', '--b=B5--', '').toString('latin1'));
  });

  it('re-encodes raw 8-bit header values as UTF-8, leaving fields already in UTF-8 and Content-* fields to mailparser', () => {
    const source = lines('Subject: Sipari\xfe', 'From: \xc5\x9eule <s@x.example>', 'Content-Type: text/plain; name=Sipari\xfe.txt', '', 'ok');
    expect(repairMime(source).toString('latin1')).toBe(`Subject: Sipari\xc5\x9f\r\nFrom: \xc5\x9eule <s@x.example>\r\nContent-Type: text/plain; name=Sipari\xfe.txt\r\n\r\nok`);
  });
});
