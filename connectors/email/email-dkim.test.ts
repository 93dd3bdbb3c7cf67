import { generateKeyPairSync } from 'node:crypto';
import { dkimVerify } from 'mailauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySink, MemoryState } from '../testing/memory-sink.ts';
import { createEmailChannel } from './email-channel.ts';
import { emailTestConfig, emailTestContext } from './testing/email-test-context.ts';
import { startSmtpPeer, type SmtpPeer } from './testing/smtp-peer.ts';

const noImap = { host: '127.0.0.1', port: 9, user: 'support@shop.example', password: 'unused' };
const SELECTOR = 'ulak';
const DOMAIN = 'shop.example';
const UNSUBSCRIBE = 'https://ulak.shop.example/u/token';

/** The shop's DNS as a receiving server would query it: only the selector's key record exists. */
function dnsWith(publicKeyBase64: string) {
  const record = `v=DKIM1; k=rsa; p=${publicKeyBase64}`;
  return async (name: string, type: string) => {
    if (type === 'TXT' && name === `${SELECTOR}._domainkey.${DOMAIN}`) return [[record]];
    throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
  };
}

/** Splits at the first blank line; RFC 5322 headers end there. */
function splitMessage(raw: string): { head: string; body: string } {
  const at = raw.indexOf('\r\n\r\n');
  return { head: raw.slice(0, at + 4), body: raw.slice(at + 4) };
}

describe('DKIM signatures on outbound mail', () => {
  let smtp: SmtpPeer;
  let raw: string;
  let marketing: string;
  let resolver: ReturnType<typeof dnsWith>;

  beforeAll(async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    resolver = dnsWith(publicKey.export({ type: 'spki', format: 'der' }).toString('base64'));
    const dkim = { domainName: DOMAIN, keySelector: SELECTOR, privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
    smtp = await startSmtpPeer();
    const channel = createEmailChannel(emailTestContext(emailTestConfig(noImap, smtp, { dkim }), new MemorySink(), new MemoryState()).ctx);
    await channel.send({ id: 'msg-dkim', to: { kind: 'email', value: 'ayse@customer.example' }, subject: 'Kargonuz yolda', text: 'Kargonuz yolda, yarin teslim edilecek.' });
    await channel.send({
      id: 'msg-dkim-marketing',
      to: { kind: 'email', value: 'ayse@customer.example' },
      subject: 'Kış indirimi',
      text: 'İndirim başladı.',
      purpose: 'marketing',
      headers: { 'List-Unsubscribe': `<${UNSUBSCRIBE}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
    await channel.stop!();
    [{ raw }, { raw: marketing }] = await smtp.waitFor(2);
  });
  afterAll(async () => {
    await smtp?.close();
  });

  // Strict: the RFC 6376 rules exactly, where a wrong body hash is "fail" rather than the lenient "neutral".
  const verify = async (message: string) => (await dkimVerify(Buffer.from(message), { resolver, strict: true })).results;

  it('signs so that a receiver checking the published key gets "pass"', async () => {
    const results = await verify(raw);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ signingDomain: DOMAIN, selector: SELECTOR, algo: 'rsa-sha256', status: { result: 'pass' } });
  });

  it('fails verification when one byte of the body changes in transit', async () => {
    const { head, body } = splitMessage(raw);
    const at = body.indexOf('yarin');
    expect(at).toBeGreaterThan(-1);
    const results = await verify(head + body.slice(0, at) + 'Y' + body.slice(at + 1));
    expect(results[0].status).toMatchObject({ result: 'fail', comment: 'body hash did not verify' });
  });

  it('fails verification when a signed header changes in transit', async () => {
    const tampered = raw.replace(/^Subject: Kargonuz yolda/m, 'Subject: Kargonuz yolda!');
    expect(tampered).not.toBe(raw);
    expect((await verify(tampered))[0].status.result).toBe('fail');
  });

  // RFC 8058 §4: a mailbox provider honours one-click only when the signature covers both headers, so that no one on
  // the way can add or change them.
  it('covers List-Unsubscribe and List-Unsubscribe-Post of a marketing email, so one-click unsubscribe is trusted', async () => {
    const signed = /^DKIM-Signature:[\s\S]*?\bh=([^;]+);/im.exec(marketing.replace(/\r\n[ \t]+/g, ' '))![1]!.replace(/\s+/g, '');
    expect(signed.toLowerCase().split(':')).toEqual(expect.arrayContaining(['list-unsubscribe', 'list-unsubscribe-post']));
    expect((await verify(marketing))[0].status.result).toBe('pass');
    const tampered = marketing.replace(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m, 'List-Unsubscribe-Post: List-Unsubscribe=Two-Click');
    expect(tampered).not.toBe(marketing);
    expect((await verify(tampered))[0].status.result).toBe('fail');
  });
});
