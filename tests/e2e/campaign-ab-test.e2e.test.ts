// A marketer's A/B campaign in a real browser: two variants written in the campaign form, each previewed, the test
// share sent on Start, the variant table shown, and a winner picked by hand that the rest of the audience then gets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from './support/browser';
import { signedInPage, useUlak } from './support/use-ulak';
import { sendOnlyChannelBody, startSmtpPeer, type SmtpPeer } from '../../connectors/email/testing/smtp-peer.ts';

const AUDIENCE = 20;
const BODY = { A: 'Yaz indirimi: yüzde 20.', B: 'Sadece bu hafta: her şeyde yüzde 20!' } as const;

describe.skipIf(!hasChromium)('campaign A/B test in the browser', () => {
  const ulak = useUlak();
  let smtp: SmtpPeer;

  beforeAll(async () => {
    smtp = await startSmtpPeer();
    // No quiet hours, so the campaign goes out whatever the hour this runs at.
    await ulak.api.call('PATCH', '/api/workspace', { quietHours: { start: '00:00', end: '00:00' } });
    await ulak.api.call('POST', '/api/channels', sendOnlyChannelBody(smtp));
    // The campaign form's default audience is everyone whose language is Turkish.
    const rows = Array.from({ length: AUDIENCE }, (_, i) => ({ name: `Müşteri ${i}`, email: `musteri${i}@customer.example`, language: 'tr' }));
    await ulak.api.call('POST', '/api/contacts/import', { rows });
  });

  afterAll(() => smtp?.close());

  it('writes two variants in the form, previews each, starts the test, sees the variant table and picks the winner', async () => {
    const page = await signedInPage(ulak, { width: 1400, height: 900 }, { inbox: true });
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.goto(`${ulak.server.url}/#/automation/campaigns`);
    await page
      .getByRole('status')
      .filter({ hasText: `${AUDIENCE} contacts` })
      .waitFor();

    await page.getByLabel('Campaign name').fill('Yaz A/B');
    await page.locator('#cmp-tr').fill(BODY.A);
    await page.getByLabel('News (Email)').check();
    await page.getByLabel('A/B test: send variants and keep the best').check();
    await page.locator('#ab-0-tr').fill(BODY.B);
    await page.getByLabel('Winner by').selectOption('reply');
    // Half the audience is the test share: with 20 contacts both halves hold someone but for a 1-in-a-million draw.
    await page.getByLabel(/^Test on % of the audience/).fill('50');
    await page.getByRole('button', { name: 'Create', exact: true }).click();

    const item = page.getByRole('list', { name: 'Campaigns' }).getByRole('listitem').filter({ hasText: 'Yaz A/B' });
    await item.getByRole('button', { name: 'Preview' }).click();
    await item.getByText(BODY.A).waitFor();
    await item.getByLabel('Preview and test').selectOption('B');
    await item.getByText(BODY.B).waitFor();
    expect(await item.getByText(BODY.A).count()).toBe(0);

    await item.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Start' }).click();

    // The test share goes out; the table shows each variant's test group while the rest waits for the winner.
    const table = item.getByRole('region', { name: 'A/B test by Reply rate' });
    await table.getByText(/recipients? waits? for the winner/).waitFor({ timeout: 60_000 });
    const rows = table.getByRole('table').locator('tbody tr');
    expect((await rows.locator('th').allTextContents()).map((s) => s.trim())).toEqual(['Variant A', 'Variant B']);
    const testMails = (await table.getByRole('table').locator('tbody tr td:nth-child(2)').allTextContents()).map(Number);
    const tested = testMails.reduce((a, b) => a + b, 0);
    expect(tested).toBeGreaterThan(0);
    expect(tested).toBeLessThan(AUDIENCE);
    await smtp.waitFor(tested, 60_000);

    await table.getByRole('button', { name: 'Pick B' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Pick B' }).click();
    await table.getByText('Variant B was picked by hand.').waitFor({ timeout: 30_000 });
    await table.locator('tbody tr.winner').filter({ hasText: 'Variant B' }).waitFor();

    // Everyone got exactly one message, and those who waited got variant B's.
    const mails = await smtp.waitFor(AUDIENCE, 60_000);
    const to = mails.flatMap((m) => m.envelope.to);
    expect(new Set(to).size).toBe(AUDIENCE);
    expect(mails.slice(tested).every((m) => (m.parsed.text ?? '').includes(BODY.B))).toBe(true);
    expect(problems).toEqual([]);
  }, 180_000);
});
