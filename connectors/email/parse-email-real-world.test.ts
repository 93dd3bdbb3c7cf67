import { describe, expect, it } from 'vitest';
import { parseEmail } from './parse-email.ts';
import { bounceReport, encodeLatin5, TURKISH_TEXT } from './testing/mail-fixtures.ts';

const options = { fromAddress: 'support@shop.example', maxAttachmentBytes: 1024 * 1024, now: () => new Date('2026-11-22T00:00:00Z') };

/** Multipart mail the way Exchange writes it: spaces and tabs after the boundary delimiters. */
function exchangeMail(): string {
  return [
    'From: Kemal Aydin <kemal@customer.example>',
    'To: support@shop.example',
    'Subject: Fatura',
    'Message-ID: <ex1@customer.example>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="_000_outer_"',
    '',
    '--_000_outer_   ',
    'Content-Type: multipart/alternative;',
    '\tboundary="_001_inner_"',
    '',
    '--_001_inner_ \t',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Faturam ekte.',
    '-- ',
    'Kemal',
    '',
    '--_001_inner_  ',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p>Faturam ekte.</p>',
    '',
    '--_001_inner_-- ',
    '',
    '--_000_outer_\t',
    'Content-Type: application/pdf; name="fatura.pdf"',
    'Content-Disposition: attachment; filename="fatura.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('%PDF-1.4 fake').toString('base64'),
    '',
    '--_000_outer_--   ',
    '',
  ].join('\r\n');
}

/** A single-part mail with an 8-bit body and no charset anywhere, as old mailers and scripts send. */
function undeclared8bitMail(body: Buffer, contentType = 'text/plain', encoding = '8bit'): Buffer {
  const head = [
    'From: a@customer.example',
    'To: support@shop.example',
    'Subject: x',
    'MIME-Version: 1.0',
    ...(contentType ? [`Content-Type: ${contentType}`] : []),
    `Content-Transfer-Encoding: ${encoding}`,
    '',
    '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'ascii'), body, Buffer.from('\r\n')]);
}

const latin1 = (text: string) => Buffer.from(text, 'latin1');
const FRENCH = "Déjà reçu, très économique : ça coûte 12 euros ? Non, à l'été.";
const GERMAN = 'Grüße aus München, die Bestellung kam schön verpackt an. Straße ändern?';

describe('parseEmail on real-world mail', () => {
  it('reads parts whose boundary delimiter lines carry trailing whitespace (RFC 2046 §5.1.1)', async () => {
    const message = await parseEmail(exchangeMail(), options);
    expect(message.text).toBe('Faturam ekte.\n-- \nKemal');
    expect(message.html).toBe('<p>Faturam ekte.</p>\n');
    expect(message.attachments).toHaveLength(1);
    expect(message.attachments![0]).toMatchObject({ filename: 'fatura.pdf', contentType: 'application/pdf', inline: false });
    expect(Buffer.from(message.attachments![0].content!).toString()).toBe('%PDF-1.4 fake');
    // The stored copy stays exactly what was received.
    expect(message.raw).toBe(exchangeMail());
  });

  it('leaves body lines that only look like a boundary with spaces untouched', async () => {
    const raw = exchangeMail().replace('Faturam ekte.\r\n-- ', 'Faturam ekte.\r\n--_001_inner_x  \r\n-- ');
    expect((await parseEmail(raw, options)).text).toBe('Faturam ekte.\n--_001_inner_x  \n-- \nKemal');
  });

  it('guesses Windows-1254 for an undeclared 8-bit Turkish body', async () => {
    const message = await parseEmail(undeclared8bitMail(encodeLatin5(TURKISH_TEXT)), options);
    expect(message.text).toBe(TURKISH_TEXT);
  });

  it('guesses Windows-1254 for undeclared Turkish in quoted-printable, and with no Content-Type at all', async () => {
    const qp = Buffer.from('Sipari=FEim gelmedi, =E7ok k=F6t=FC bir hizmet. =DDade istiyorum.', 'ascii');
    expect((await parseEmail(undeclared8bitMail(qp, 'text/plain', 'quoted-printable'), options)).text).toBe('Siparişim gelmedi, çok kötü bir hizmet. İade istiyorum.');
    expect((await parseEmail(undeclared8bitMail(encodeLatin5('Teşekkürler, ağır değil.'), ''), options)).text).toBe('Teşekkürler, ağır değil.');
  });

  it.each([
    ['French', FRENCH],
    ['German', GERMAN],
  ])('guesses Windows-1252 for an undeclared 8-bit %s body', async (_, text) => {
    expect((await parseEmail(undeclared8bitMail(latin1(text)), options)).text).toBe(text);
  });

  it('keeps an undeclared body that is valid UTF-8 as UTF-8', async () => {
    const text = `${TURKISH_TEXT} — ${GERMAN}`;
    expect((await parseEmail(undeclared8bitMail(Buffer.from(text, 'utf8')), options)).text).toBe(text);
  });

  it('treats 8-bit bytes in a part labelled us-ascii as undeclared', async () => {
    const message = await parseEmail(undeclared8bitMail(encodeLatin5('Kargo şirketi aradı.'), 'text/plain; charset="us-ascii"'), options);
    expect(message.text).toBe('Kargo şirketi aradı.');
  });

  it('guesses the charset of an undeclared part inside a multipart, and of its html sibling', async () => {
    const raw = Buffer.concat([
      Buffer.from(
        [
          'From: a@customer.example',
          'Subject: x',
          'MIME-Version: 1.0',
          'Content-Type: multipart/alternative; boundary=b',
          '',
          '--b',
          'Content-Type: text/plain',
          'Content-Transfer-Encoding: 8bit',
          '',
          '',
        ].join('\r\n'),
      ),
      latin1(GERMAN),
      Buffer.from(['', '--b', 'Content-Type: text/html', 'Content-Transfer-Encoding: base64', '', ''].join('\r\n')),
      Buffer.from(encodeLatin5(`<p>${TURKISH_TEXT}</p>`).toString('base64')),
      Buffer.from('\r\n--b--\r\n'),
    ]);
    const message = await parseEmail(raw, options);
    expect(message.text).toBe(GERMAN);
    expect(message.html).toBe(`<p>${TURKISH_TEXT}</p>`);
  });

  it('reads raw 8-bit header fields without encoded-words in a guessed charset', async () => {
    const raw = Buffer.concat([
      Buffer.from('From: ', 'ascii'),
      encodeLatin5('Şule Öztürk <sule@customer.example>\r\nSubject: Siparişim gelmedi\r\n'),
      Buffer.from('MIME-Version: 1.0\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: 8bit\r\n\r\n', 'ascii'),
      encodeLatin5('Kargo nerede?\r\n'),
    ]);
    const message = await parseEmail(raw, options);
    expect(message.subject).toBe('Siparişim gelmedi');
    expect(message.from.name).toBe('Şule Öztürk');
    expect(message.text).toBe('Kargo nerede?');
  });

  it('does not take a delay warning for a bounce, nor the next field for an empty diagnostic', async () => {
    const delayed = await parseEmail(bounceReport('dsn-delay@x', 'slow@customer.example').replace('Action: failed', 'Action: delayed'), options);
    expect(delayed.bounce).toBeUndefined();
    expect(delayed.autoReply).toBe(true);
    const empty = bounceReport('dsn-empty@x', 'gone@customer.example').replace(
      /Diagnostic-Code: [^]*?rejected: User unknown/,
      'Diagnostic-Code: smtp; \r\nLast-Attempt-Date: Mon, 2 Nov 2026 10:00:00 +0000',
    );
    expect((await parseEmail(empty, options)).bounce).toEqual({ recipient: 'gone@customer.example', reason: 'status 5.1.1' });
  });
});
