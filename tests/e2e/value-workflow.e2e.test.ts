// Customer-value workflows end to end (#14): a marketer builds a first-order thank-you in the editor, saves and reopens
// it with the same trigger, a value preset opens showing its trigger, and the workflow's revenue panel fills once an
// order posted through the API is attributed to its message.
import { beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, shots } from './support/browser';
import { apiChannel, signedInPage, useUlak } from './support/use-ulak';

const lira = (n: number) => new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'TRY' }).format(n);

describe.skipIf(!hasChromium)('customer-value workflows in a real browser', () => {
  const ulak = useUlak();

  beforeAll(async () => {
    const channel = await apiChannel(ulak, 'Shop API');
    // A customer who wrote on the shop's channel; the shop knows her by the same email address.
    await channel.inbound({ externalId: 'deniz-1', from: { id: 'deniz', name: 'Deniz Kaya', email: 'deniz@example.com' }, text: 'Is the blue one in stock?' });
  });

  it('builds a first-order trigger over an amount, reopens it unchanged, and shows the revenue its message brought', async () => {
    const page = await signedInPage(ulak, { width: 1400, height: 900 }, { inbox: true });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Automation' }).click();

    // A value preset opens in the editor showing its trigger.
    await page.getByRole('button', { name: /^VIP offer/ }).click();
    await page.getByRole('heading', { name: 'Edit “VIP offer” (version 1)' }).waitFor();
    expect(await page.getByLabel('Event', { exact: true }).inputValue()).toBe('rfm.segment_changed');
    const into = page.getByRole('group', { name: 'Into one of these segments (none ticked: any)' });
    expect(await into.getByLabel('Champions').isChecked()).toBe(true);
    expect(await into.getByLabel('Loyal', { exact: true }).isChecked()).toBe(false);

    await page.getByRole('button', { name: /^New workflow/ }).click();
    await page.getByRole('heading', { name: 'New workflow', exact: true }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('First big order');
    await page.getByLabel('Starts when').selectOption('event');
    await page.getByLabel('Event', { exact: true }).selectOption({ label: 'An order is placed' });
    await page.getByLabel('Only the customer’s order number (empty: every order)').fill('1');
    await page.getByLabel('Only orders of at least (TRY)').fill('200');
    await page.getByLabel('Step type').selectOption('send_template');
    await page.getByRole('button', { name: 'Add to Steps' }).click();
    await page.getByLabel('Message (en)').fill('Thank you for your first order, {{contact.firstName}}!');
    await page.getByLabel('Quiet hours').selectOption({ label: 'None: send at any hour' });
    await page.screenshot({ path: `${shots}value-workflow-editor.png`, fullPage: true });
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: 'Edit “First big order” (version 1)' }).waitFor();

    await page.reload();
    const list = page.getByRole('list', { name: 'Workflows' });
    await list.getByRole('button', { name: /First big order/ }).click();
    await page.getByRole('heading', { name: 'Edit “First big order” (version 1)' }).waitFor();
    expect(await page.getByLabel('Starts when').inputValue()).toBe('event');
    expect(await page.getByLabel('Event', { exact: true }).inputValue()).toBe('order.placed');
    expect(await page.getByLabel('Only the customer’s order number (empty: every order)').inputValue()).toBe('1');
    expect(await page.getByLabel('Only orders of at least (TRY)').inputValue()).toBe('200');
    const [saved] = (await ulak.api.call('GET', '/api/workflows')).items.filter((w: { name: string }) => w.name === 'First big order');
    expect(saved.definition.trigger).toEqual({ type: 'event', event: 'order.placed', nth: 1, minAmount: 200 });
    await list.getByRole('listitem').filter({ hasText: 'First big order' }).getByLabel('Disabled').check();

    // Her first order (250) starts the workflow, which thanks her; her second (80) comes after that message: its revenue.
    const order = (externalId: string, total: string) => ({ externalId, contact: { email: 'deniz@example.com' }, placedAt: new Date().toISOString(), currency: 'TRY', total });
    await ulak.api.call('POST', '/api/orders', { orders: [order('o-1', '250.00')] });
    const stats = () => ulak.api.call('GET', `/api/workflows/${saved.id}/stats`);
    await expect.poll(async () => (await stats()).sent, { timeout: 60_000, interval: 500 }).toBe(1);
    await ulak.api.call('POST', '/api/orders', { orders: [order('o-2', '80.00')] });
    await expect.poll(async () => (await stats()).revenue.messaged.converted, { timeout: 30_000, interval: 500 }).toBe(1);

    await page.reload();
    await list.getByRole('button', { name: /First big order/ }).click();
    const panel = page.getByRole('region', { name: 'Revenue (last touch, 7 days)' });
    await panel.waitFor();
    const rows = await panel.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    expect(rows).toEqual([
      ['Messaged', '1', '1', '100.0%', lira(80), lira(80)],
      ['Held out', '0', '0', '—', lira(0), lira(0)],
    ]);
    await panel.getByText('No lift yet: it needs both messaged and held-out contacts.').waitFor();
    await page.screenshot({ path: `${shots}value-workflow-revenue.png`, fullPage: true });
    await page.close();
  });
});
