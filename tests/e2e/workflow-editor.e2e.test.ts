// The workflow editor end to end: a marketer builds a reactivation workflow with the form, watches the live preview, saves, reloads.
import { beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, shots } from './support/browser';
import { apiChannel, signedInPage, useUlak } from './support/use-ulak';

describe.skipIf(!hasChromium)('workflow editor in a real browser', () => {
  const ulak = useUlak();

  beforeAll(async () => {
    const channel = await apiChannel(ulak, 'Shop API');
    // Two customers who last wrote four months ago, one Turkish-speaking, one English-speaking.
    const longAgo = new Date(Date.now() - 120 * 86_400_000).toISOString();
    for (const [id, name, language] of [
      ['emre', 'Emre Yıldız', 'tr'],
      ['jane', 'Jane Doe', 'en'],
    ] as const) {
      const { contactId } = await channel.inbound({ externalId: `${id}-1`, from: { id, name }, text: 'Merhaba', sentAt: longAgo });
      await ulak.api.call('PATCH', `/api/contacts/${contactId}`, { language });
    }
  });

  it('builds a workflow with the form, shows the live audience and message, saves it and finds it after a reload', async () => {
    const page = await signedInPage(ulak, { width: 1400, height: 900 }, { inbox: true });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Automation' }).click();
    await page.getByRole('button', { name: /^New workflow/ }).click();
    await page.getByRole('heading', { name: 'New workflow', exact: true }).waitFor();

    await page.getByLabel('Name', { exact: true }).fill('We miss you');
    expect(await page.getByLabel('Starts when').inputValue()).toBe('inactivity');
    await page.getByLabel('Days without a message from the contact').fill('90');
    await page.getByLabel('Step type').selectOption('send_template');
    await page.getByRole('button', { name: 'Add to Steps' }).click();
    await page.getByLabel('Message (en)').fill('Hi {{contact.firstName}}, we miss you!');
    await page.getByLabel('Language code').fill('tr');
    await page.getByRole('button', { name: 'Add language' }).click();
    await page.getByLabel('Message (tr)').fill('Merhaba {{contact.firstName}}, sizi özledik!');

    // The live preview follows the draft: everyone inactive for 90 days, rendered in the language each would get.
    const preview = page.getByRole('region', { name: 'Live preview' });
    await preview.getByText('2 contacts in the audience').waitFor();
    await preview.getByText('2 of the first 2 would receive a message').waitFor();
    await preview.getByLabel('Show the message for').selectOption({ label: 'Emre Yıldız' });
    await preview.getByTestId('rendered-body').filter({ hasText: 'Merhaba Emre, sizi özledik!' }).waitFor();
    await preview.getByText('gets: tr').waitFor();
    await preview.getByRole('button', { name: 'en', exact: true }).click();
    await preview.getByTestId('rendered-body').filter({ hasText: 'Hi Emre, we miss you!' }).waitFor();

    await page.getByLabel('Days without a message from the contact').fill('200');
    await preview.getByText('0 contacts in the audience').waitFor();
    await page.getByLabel('Days without a message from the contact').fill('90');
    await preview.getByText('2 contacts in the audience').waitFor();
    await page.screenshot({ path: `${shots}workflow-editor.png`, fullPage: true });

    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: 'Edit “We miss you” (version 1)' }).waitFor();

    await page.reload();
    await page
      .getByRole('list', { name: 'Workflows' })
      .getByRole('button', { name: /We miss you/ })
      .click();
    await page.getByRole('heading', { name: 'Edit “We miss you” (version 1)' }).waitFor();
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('We miss you');
    expect(await page.getByLabel('Days without a message from the contact').inputValue()).toBe('90');
    expect(await page.getByLabel('Message (en)').inputValue()).toBe('Hi {{contact.firstName}}, we miss you!');
    await page.getByRole('tab', { name: 'tr' }).click();
    expect(await page.getByLabel('Message (tr)').inputValue()).toBe('Merhaba {{contact.firstName}}, sizi özledik!');

    // An edit is saved as the next version; a Turkish-only condition narrows the live audience first.
    await page.getByRole('button', { name: 'Add condition' }).click();
    await page.getByRole('group', { name: 'Condition 1' }).getByLabel('Value').fill('tr');
    await page.getByRole('region', { name: 'Live preview' }).getByText('1 of the first 2 would receive a message').waitFor();
    await page.getByRole('button', { name: 'Save as new version' }).click();
    await page.getByRole('heading', { name: 'Edit “We miss you” (version 2)' }).waitFor();
    const listed = await (await page.request.get(`${ulak.server.url}/api/workflows`)).json();
    expect(listed.items).toMatchObject([
      { name: 'We miss you', version: 2, definition: { trigger: { type: 'inactivity', days: 90 }, conditions: { field: 'contact.language', op: 'eq', value: 'tr' } } },
    ]);
    await page.close();
  });

  it('reads a schedule as the server does, in the bundle: an unreadable one is named before anything is sent, a cron expression saves', async () => {
    const page = await signedInPage(ulak, { width: 1400, height: 900 }, { inbox: true });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Automation' }).click();
    await page.getByRole('button', { name: /^New workflow/ }).click();
    await page.getByLabel('Name', { exact: true }).fill('Monday digest');
    await page.getByLabel('Starts when').selectOption('schedule');
    await page.getByLabel('Step type').selectOption('stop');
    await page.getByRole('button', { name: 'Add to Steps' }).click();
    await page.getByLabel('Schedule (cron expression)').fill('every monday');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('alert').getByText('Not a schedule Ulak can read', { exact: false }).waitFor();
    // cron-parser, bundled with its date library, reads a real expression the same as on the server.
    await page.getByLabel('Schedule (cron expression)').fill('0 9 * * 1');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: 'Edit “Monday digest” (version 1)' }).waitFor();
    await page.close();
  });
});
