import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import IntegrationsTab from './IntegrationsTab.svelte';
import { makeApp, renderWithApp } from '../../../test/render';

const shop = (id: string, kind: 'shopify' | 'woocommerce', name: string, secret: string) => ({
  id,
  kind,
  name,
  url: `https://ulak.test/webhooks/${kind}/${id}`,
  secret: `••••${secret.slice(-4)}`,
  createdAt: '2026-12-01T10:00:00.000Z',
});

describe('IntegrationsTab', () => {
  it('lists each connected shop with the webhook URL to paste, its masked secret and what to subscribe to', async () => {
    const { app } = makeApp({ 'GET /api/integrations': () => ({ items: [shop('s1', 'shopify', 'Main shop', 'shpss_abcd1234'), shop('w1', 'woocommerce', 'Outlet', 'woo-secret-9876')] }) });
    renderWithApp(IntegrationsTab, {}, app);
    const main = await screen.findByRole('listitem', { name: 'Main shop' });
    expect(within(main).getByRole('textbox', { name: 'Webhook URL' })).toHaveProperty('value', 'https://ulak.test/webhooks/shopify/s1');
    expect(main.textContent).toContain('Secret ••••1234');
    expect(main.textContent).toMatch(/orders\/create.*orders\/updated.*orders\/cancelled.*orders\/paid.*refunds\/create/);
    const outlet = screen.getByRole('listitem', { name: 'Outlet' });
    expect(within(outlet).getByRole('textbox', { name: 'Webhook URL' })).toHaveProperty('value', 'https://ulak.test/webhooks/woocommerce/w1');
    expect(outlet.textContent).toMatch(/Order created.*Order updated/);
    expect(within(outlet).getByRole('button', { name: 'Copy' })).toBeTruthy();
  });

  it('connects a shop without a secret and shows the generated one once, then never again', async () => {
    const generated = 'Gen3rated_secret_0123456789abcdefwXYZ';
    const stored: ReturnType<typeof shop>[] = [];
    const { app, server } = makeApp({
      'GET /api/integrations': () => ({ items: stored }),
      'POST /api/integrations': (r) => {
        const secret = r.body.secret ?? generated;
        stored.push(shop(`w${stored.length + 1}`, r.body.kind, r.body.name, secret));
        return { status: 201, body: { ...stored.at(-1), secret } };
      },
    });
    renderWithApp(IntegrationsTab, {}, app);
    expect(await screen.findByText('No shop is connected yet.')).toBeTruthy();
    await fireEvent.change(screen.getByLabelText('Platform'), { target: { value: 'woocommerce' } });
    expect(screen.getByText(/The Secret of your WooCommerce webhook/)).toBeTruthy();
    await fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'Outlet' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Connect a shop' }));
    expect((await screen.findByRole('status')).textContent).toContain(generated);
    expect(server.calls.find((c) => c.method === 'POST')?.body).toEqual({ kind: 'woocommerce', name: 'Outlet' });
    const listed = await screen.findByRole('listitem', { name: 'Outlet' });
    expect(listed.textContent).toContain('Secret ••••wXYZ');
    expect(listed.textContent).not.toContain(generated);
    // A shop connected with the admin's own secret shows nothing once; the earlier generated secret is gone too.
    await waitFor(() => expect(screen.getByLabelText('Name')).toHaveProperty('value', ''));
    await fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'Second' } });
    await fireEvent.input(screen.getByLabelText('Signing secret (optional)'), { target: { value: 'my-own-woo-secret-123' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Connect a shop' }));
    await screen.findByRole('listitem', { name: 'Second' });
    expect(screen.queryByRole('status')).toBeNull();
    expect(document.body.textContent).not.toContain(generated);
  });

  it('says beside the secret field, in Turkish, that a secret that is too short was refused', async () => {
    const { app } = makeApp({
      'GET /api/integrations': () => ({ items: [] }),
      'POST /api/integrations': () => ({
        status: 422,
        body: { error: { code: 'validation_failed', message: 'secret: must be at least 16 characters', fields: [{ path: 'secret', code: 'too_small', origin: 'string', minimum: 16 }] } },
      }),
    });
    app.i18n.setLocale('tr');
    renderWithApp(IntegrationsTab, {}, app);
    const secret = await screen.findByLabelText('İmza anahtarı (isteğe bağlı)');
    await fireEvent.input(secret, { target: { value: 'short' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Mağaza bağla' }));
    await waitFor(() => expect(secret.getAttribute('aria-invalid')).toBe('true'));
    const problem = document.getElementById('shop-secret-error');
    expect(problem?.textContent).toMatch(/16/);
    expect(secret.getAttribute('aria-describedby')).toContain('shop-secret-error');
    expect(secret).toHaveProperty('value', 'short');
  });

  it('disconnects a shop only after the admin confirms', async () => {
    const { app, server } = makeApp({
      'GET /api/integrations': () => ({ items: [shop('s1', 'shopify', 'Main shop', 'shpss_abcd1234')] }),
      'DELETE /api/integrations/:id': () => ({ ok: true }),
    });
    renderWithApp(IntegrationsTab, {}, app);
    const main = await screen.findByRole('listitem', { name: 'Main shop' });
    await fireEvent.click(within(main).getByRole('button', { name: 'Disconnect' }));
    expect(server.calls.filter((c) => c.method === 'DELETE')).toHaveLength(0);
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('Disconnect Main shop?');
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Disconnect' }));
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Main shop' })).toBeNull());
    expect(server.calls.find((c) => c.method === 'DELETE')?.path).toBe('/api/integrations/s1');
  });
});
