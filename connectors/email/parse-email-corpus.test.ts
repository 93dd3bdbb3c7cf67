import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEmail } from './parse-email.ts';

// Real third-party messages from public parser test suites; testing/corpus/MANIFEST.md says where each comes from.
const CORPUS = join(import.meta.dirname, 'testing', 'corpus');
const files = readdirSync(CORPUS)
  .filter((name) => name.endsWith('.eml'))
  .sort();
const options = { fromAddress: 'support@shop.example', maxAttachmentBytes: 1024 * 1024, now: () => new Date('2026-11-22T00:00:00Z') };
const parse = (name: string) => parseEmail(readFileSync(join(CORPUS, name)), options);

describe('parseEmail on the real-world corpus', () => {
  it('has the corpus the manifest lists', () => {
    const manifest = readFileSync(join(CORPUS, 'MANIFEST.md'), 'utf8');
    expect(files.length).toBeGreaterThanOrEqual(20);
    expect(files.filter((name) => !manifest.includes(`\`${name}\``))).toEqual([]);
  });

  it.each(files)('parses %s into text, html or an attachment', async (name) => {
    const message = await parse(name);
    expect(message.metadata?.parseError).toBeUndefined();
    const content = message.text.trim().length + (message.html?.trim().length ?? 0) + (message.attachments?.length ?? 0);
    expect(content).toBeGreaterThan(0);
    expect(message.text).not.toContain('\uFFFD');
  });
});

describe('parseEmail on known corpus messages', () => {
  it('reads an Outlook Express multipart/alternative with an unquoted dashed boundary', async () => {
    const message = await parse('mikel-mail-outlook-express-dashed-boundary.eml');
    expect(message.text).toBe('Hello\nThis is an outlook test\n\nSo there.\n\nMe.');
    expect(message.html).toContain('<STRONG>This is an outlook \ntest</STRONG>');
    expect(message.idempotencyKey).toBe('<009601c813c6$19df3510$0437d30a@mikel091a>');
  });

  it('reads a body that follows the headers without an empty line', async () => {
    const message = await parse('cpython-msg-35-no-header-separator.eml');
    expect(message.subject).toBe("here's something interesting");
    expect(message.text).toBe("counter to RFC 5322, there's no separating newline here");
  });

  it('reads the parts under a boundary with a non-ASCII character', async () => {
    expect((await parse('mikel-mail-8bit-boundary.eml')).html).toBe('Hello, world!\n');
  });

  it('keeps a raw 8-bit attachment name', async () => {
    const message = await parse('mikel-mail-apple-mail-8bit-filename.eml');
    expect(message.text).toBe('This is the first part.');
    expect(message.attachments?.map((a) => [a.filename, Buffer.from(a.content!).toString()])).toEqual([['ciële.txt', 'Hi there.\r\n']]);
  });

  it('decodes a Korean body in ks_c_5601-1987', async () => {
    expect((await parse('mikel-mail-ks-c-5601-1987.eml')).text).toBe('스티해');
  });

  it('reads the failed recipient of a real bounce', async () => {
    const message = await parse('cpython-msg-16-delivery-failed-report.eml');
    // The returned message (its MESSAGE/RFC822 part) names the mail that bounced.
    expect(message.bounce).toEqual({ recipient: 'jangel1@cougar.noc.ucla.edu', reason: 'status 5.0.0', originalMessageId: '<002001c144a6$8752e060$56104586@oxy.edu>' });
    expect(message.autoReply).toBe(true);
  });

  it.each(['mikel-mail-delivery-delayed-report.eml', 'mikel-mail-report-part-without-content-type.eml'])('treats the delay warning %s as machine mail but not as a bounce', async (name) => {
    const message = await parse(name);
    expect(message.bounce).toBeUndefined();
    expect(message.autoReply).toBe(true);
  });

  it('reads every part of a Mailman digest', async () => {
    const message = await parse('cpython-msg-02-mailman-digest.eml');
    expect(message.text).toContain("Today's Topics:");
    expect(message.text).toContain('Ppp mailing list');
  });
});
