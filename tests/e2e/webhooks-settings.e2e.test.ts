// Outbound webhooks end to end: an admin subscribes a receiver in Settings, sees the secret once, and finds the delivery in the log.
import { describe, expect, it } from 'vitest';
import { hasChromium } from './support/browser';
import { apiChannel, signedInPage, useUlak } from './support/use-ulak';
import { startReceiver } from './support/webhook-receiver';

describe.skipIf(!hasChromium)('webhooks in Settings in a real browser', () => {
  const ulak = useUlak();

  it('subscribes a local receiver to new messages and shows its delivery in the log', async () => {
    const receiver = await startReceiver();
    try {
      const page = await signedInPage(ulak, { width: 1280, height: 800 });
      await page.goto(`${ulak.server.url}/#/settings/webhooks`);
      await page.getByLabel('Endpoint URL').fill(receiver.url);
      await page.getByLabel('message.created').check();
      await page.getByLabel('Description').fill('Local receiver');
      await page.getByRole('button', { name: 'Create' }).click();

      const secret = page.getByLabel('Signing secret');
      expect(await secret.inputValue()).toMatch(/^whsec_/);
      await page.getByText(/shown only once/).waitFor();
      await page.getByRole('button', { name: 'I have saved it' }).click();
      await secret.waitFor({ state: 'detached' });
      await page.getByRole('cell', { name: receiver.url }).waitFor();

      const channel = await apiChannel(ulak, 'Shop API');
      await channel.inbound({ externalId: 'wh-1', from: { id: 'selin', name: 'Selin' }, text: 'Merhaba' });
      const [subscription] = (await ulak.api.call('GET', '/api/webhooks')).items;
      // The worker sends on its own tick: wait until the server has recorded the delivery before reading the log.
      await expect.poll(async () => (await ulak.api.call('GET', `/api/webhooks/${subscription.id}/deliveries`)).items[0]?.status, { timeout: 60_000, interval: 500 }).toBe('delivered');
      expect(receiver.received[0]!.headers['webhook-signature']).toBeTruthy();

      await page.getByRole('button', { name: 'Deliveries' }).click();
      const log = page.getByRole('table', { name: `Deliveries to ${receiver.url}` });
      const row = log.getByRole('row').filter({ hasText: 'message.created' });
      await row.getByRole('cell', { name: 'Delivered' }).waitFor();
      await row.getByRole('cell', { name: '200', exact: true }).waitFor();
      await page.close();
    } finally {
      await receiver.stop();
    }
  });
});
