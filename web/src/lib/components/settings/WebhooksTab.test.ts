import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import WebhooksTab from './WebhooksTab.svelte';
import { makeApp, renderWithApp } from '../../../test/render';

const stamp = '2026-12-01T10:00:00.000Z';
function subscription(over: Record<string, unknown> = {}) {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    url: 'https://crm.example.com/hooks/ulak',
    events: ['message.created'],
    description: 'CRM sync',
    active: true,
    disabledReason: null,
    disabledAt: null,
    consecutiveFailures: 0,
    failingSince: null,
    previousSecretUntil: null,
    createdAt: stamp,
    updatedAt: stamp,
    ...over,
  };
}
const secret = 'whsec_c2VjcmV0LXNob3duLW9uY2U=';

describe('WebhooksTab', () => {
  it('lists subscriptions with their events and whether failures turned them off', async () => {
    const { app } = makeApp({
      'GET /api/webhooks': () => ({
        items: [subscription(), subscription({ id: '00000000-0000-4000-8000-000000000002', url: 'https://old.example.com/in', active: false, disabledReason: 'failing for 3 days' })],
      }),
    });
    renderWithApp(WebhooksTab, {}, app);
    const healthy = (await screen.findByText('https://crm.example.com/hooks/ulak')).closest('tr')!;
    expect(within(healthy).getByText('message.created')).toBeTruthy();
    expect(within(healthy).getByText('Enabled')).toBeTruthy();
    expect(within(healthy).getByText('CRM sync')).toBeTruthy();
    const failing = screen.getByText('https://old.example.com/in').closest('tr')!;
    expect(within(failing).getByText(/Disabled/)).toBeTruthy();
    expect(within(failing).getByText('failing for 3 days')).toBeTruthy();
  });

  it('creates a webhook for the chosen events and shows its secret once, until the admin has saved it', async () => {
    const { app, server } = makeApp({
      'GET /api/webhooks': () => ({ items: [] }),
      'POST /api/webhooks': (r) => ({ status: 201, body: { ...subscription({ url: r.body.url, events: r.body.events, description: r.body.description }), secret } }),
    });
    renderWithApp(WebhooksTab, {}, app);
    await fireEvent.input(await screen.findByLabelText('Endpoint URL'), { target: { value: 'https://shop.example.com/ulak' } });
    await fireEvent.click(screen.getByLabelText('contact.created'));
    await fireEvent.click(screen.getByLabelText('conversation.resolved'));
    await fireEvent.click(screen.getByRole('button', { name: 'Create' }));

    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>('Signing secret').value).toBe(secret));
    expect(server.calls.find((c) => c.method === 'POST')?.body).toEqual({ url: 'https://shop.example.com/ulak', events: ['contact.created', 'conversation.resolved'], description: null });
    expect(screen.getByText(/shown only once/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy' })).toBeTruthy();
    expect(screen.getByText('https://shop.example.com/ulak').closest('tr')).toBeTruthy();

    await fireEvent.click(screen.getByRole('button', { name: 'I have saved it' }));
    expect(screen.queryByText(secret)).toBeNull();
    expect(screen.queryByLabelText('Signing secret')).toBeNull();
  });

  it('says beside each event when it fires, in the user’s language', async () => {
    const { app } = makeApp({ 'GET /api/webhooks': () => ({ items: [] }) });
    app.i18n.setLocale('tr');
    renderWithApp(WebhooksTab, {}, app);
    const exited = await screen.findByLabelText('workflow.run_exited');
    expect(document.getElementById(exited.getAttribute('aria-describedby')!)!.textContent).toBe(
      'Bir iş akışı çalışması başarısız olmadan erken biter: durdurulur, atlanır ya da kontrol grubunda kalır',
    );
    expect(screen.getByLabelText('campaign.cancelled')).toBeTruthy();
  });

  it('words a refused private address beside the URL field, in Turkish too', async () => {
    const { app } = makeApp({
      'GET /api/webhooks': () => ({ items: [] }),
      'POST /api/webhooks': () => ({ status: 422, body: { error: { code: 'destination_not_allowed', message: 'url: private address 10.0.0.5' } } }),
    });
    app.i18n.setLocale('tr');
    renderWithApp(WebhooksTab, {}, app);
    const url = await screen.findByLabelText('Uç nokta URL’si');
    await fireEvent.input(url, { target: { value: 'http://10.0.0.5/hook' } });
    await fireEvent.click(screen.getByLabelText('message.created'));
    await fireEvent.click(screen.getByRole('button', { name: 'Oluştur' }));

    await waitFor(() => expect(url.getAttribute('aria-invalid')).toBe('true'));
    const problem = document.getElementById(url.getAttribute('aria-describedby')!)!;
    expect(problem.textContent).toBe('Bu adres hedef olarak kullanılamaz: özel ve yerel adresler, sunucunun ULAK_WEBHOOK_ALLOW ayarında adları geçmedikçe reddedilir.');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows a delivery log page by page and replays one delivery', async () => {
    const delivery = (n: number, over: Record<string, unknown> = {}) => ({
      id: `00000000-0000-4000-9000-00000000000${n}`,
      eventId: n,
      webhookId: `evt_${n}`,
      eventType: 'message.created',
      status: 'delivered',
      attempts: 1,
      responseStatus: 200,
      responseMs: 42,
      lastError: null,
      lastAttemptAt: stamp,
      nextAttemptAt: null,
      deliveredAt: stamp,
      createdAt: stamp,
      ...over,
    });
    const { app, server } = makeApp({
      'GET /api/webhooks': () => ({ items: [subscription()] }),
      'GET /api/webhooks/:id/deliveries': (r) =>
        r.query.get('cursor') ? { items: [delivery(2, { status: 'failed', responseStatus: 500, attempts: 8 })], nextCursor: null } : { items: [delivery(1)], nextCursor: 'page-2' },
      'POST /api/webhooks/:id/replay': () => ({ replayed: 1, created: 0 }),
    });
    renderWithApp(WebhooksTab, {}, app);
    await fireEvent.click(await screen.findByRole('button', { name: 'Deliveries' }));
    const log = (await screen.findByText('Deliveries to https://crm.example.com/hooks/ulak')).closest('table')!;
    await waitFor(() => expect(within(log).getByText('42 ms')).toBeTruthy());
    expect(within(log).getByText('Delivered')).toBeTruthy();

    const more = screen.getByRole<HTMLButtonElement>('button', { name: 'Load more' });
    await waitFor(() => expect(more.disabled).toBe(false));
    await fireEvent.click(more);
    await waitFor(() => expect(within(log).getByText('Failed')).toBeTruthy());
    expect(within(log).getByText('500')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();

    await fireEvent.click(within(log).getAllByRole('button', { name: 'Replay' })[1]!);
    await waitFor(() => expect(server.calls.find((c) => c.path.endsWith('/replay'))?.body).toEqual({ deliveryId: '00000000-0000-4000-9000-000000000002' }));
  });

  it('filters the delivery log by status and replays everything since a chosen time, saying how many were queued', async () => {
    const failed = {
      id: '00000000-0000-4000-9000-000000000007',
      eventId: 7,
      webhookId: 'evt_7',
      eventType: 'contact.updated',
      status: 'failed',
      attempts: 8,
      responseStatus: 503,
      responseMs: 10_000,
      lastError: 'HTTP 503',
      lastAttemptAt: stamp,
      nextAttemptAt: null,
      deliveredAt: null,
      createdAt: stamp,
    };
    const { app, server } = makeApp({
      'GET /api/webhooks': () => ({ items: [subscription()] }),
      'GET /api/webhooks/:id/deliveries': (r) => ({ items: r.query.get('status') === 'failed' ? [failed] : [], nextCursor: null }),
      'POST /api/webhooks/:id/replay': () => ({ replayed: 3, created: 2 }),
    });
    renderWithApp(WebhooksTab, {}, app);
    await fireEvent.click(await screen.findByRole('button', { name: 'Deliveries' }));
    const log = (await screen.findByText('Deliveries to https://crm.example.com/hooks/ulak')).closest('table')!;
    await waitFor(() => expect(within(log).getByText('No deliveries yet.')).toBeTruthy());

    await fireEvent.change(screen.getByLabelText('Show'), { target: { value: 'failed' } });
    await waitFor(() => expect(within(log).getByText('503')).toBeTruthy());
    const listed = server.calls.filter((c) => c.path.endsWith('/deliveries')).map((c) => c.query.get('status'));
    expect(listed).toEqual([null, 'failed']);

    const since = new Date('2026-11-30T08:00');
    await fireEvent.input(screen.getByLabelText('Replay since…'), { target: { value: '2026-11-30T08:00' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Replay all' }));
    const dialog = screen.getByRole('dialog');
    expect(dialog.textContent).toContain('Send every delivery to https://crm.example.com/hooks/ulak since');
    expect(server.calls.some((c) => c.path.endsWith('/replay'))).toBe(false);
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Replay' }));

    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Deliveries queued: 5.'));
    expect(server.calls.filter((c) => c.path.endsWith('/replay')).map((c) => c.body)).toEqual([{ since: since.toISOString() }]);
    // The log is read again, still of the chosen status.
    await waitFor(() => expect(server.calls.filter((c) => c.path.endsWith('/deliveries')).map((c) => c.query.get('status'))).toEqual([null, 'failed', 'failed']));
  });

  it('replays a range up to an end time, and says in words when a range is too long for one replay', async () => {
    let refuse = true;
    const { app, server } = makeApp({
      'GET /api/webhooks': () => ({ items: [subscription()] }),
      'GET /api/webhooks/:id/deliveries': () => ({ items: [], nextCursor: null }),
      'POST /api/webhooks/:id/replay': () => (refuse ? { status: 422, body: { error: { code: 'replay_too_large', message: 'More than 100,000 events' } } } : { replayed: 0, created: 7 }),
    });
    renderWithApp(WebhooksTab, {}, app);
    await fireEvent.click(await screen.findByRole('button', { name: 'Deliveries' }));
    await fireEvent.input(await screen.findByLabelText('Replay since…'), { target: { value: '2026-01-01T00:00' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Replay all' }));
    await fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Replay' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('That range holds more events than one replay may send.'));

    refuse = false;
    await fireEvent.input(screen.getByLabelText('until (optional)'), { target: { value: '2026-02-01T00:00' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Replay all' }));
    const dialog = screen.getByRole('dialog');
    expect(dialog.textContent).toContain('Send every delivery to https://crm.example.com/hooks/ulak from');
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Replay' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Deliveries queued: 7.'));
    expect(server.calls.filter((c) => c.path.endsWith('/replay')).map((c) => c.body)).toEqual([
      { since: new Date('2026-01-01T00:00').toISOString() },
      { since: new Date('2026-01-01T00:00').toISOString(), until: new Date('2026-02-01T00:00').toISOString() },
    ]);
  });

  it('asks in Turkish before replaying since a time', async () => {
    const { app } = makeApp({
      'GET /api/webhooks': () => ({ items: [subscription()] }),
      'GET /api/webhooks/:id/deliveries': () => ({ items: [], nextCursor: null }),
    });
    app.i18n.setLocale('tr');
    renderWithApp(WebhooksTab, {}, app);
    await fireEvent.click(await screen.findByRole('button', { name: 'Teslimatlar' }));
    expect((await screen.findByLabelText('Göster')).textContent).toContain('Başarısız');
    await fireEvent.input(screen.getByLabelText('Şu zamandan beri yeniden gönder…'), { target: { value: '2026-11-30T08:00' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Tümünü yeniden gönder' }));
    expect(screen.getByRole('dialog').textContent).toContain('yeniden gönderilsin mi?');
  });

  it('rotates the secret, saying until when the old one still signs, and turns a disabled webhook back on', async () => {
    const until = '2026-12-02T10:00:00.000Z';
    const { app, server } = makeApp({
      'GET /api/webhooks': () => ({ items: [subscription({ active: false, disabledReason: 'failing for 24 hours' })] }),
      'POST /api/webhooks/:id/rotate-secret': () => ({ id: subscription().id, secret, previousSecretValidUntil: until }),
      'PATCH /api/webhooks/:id': (r) => subscription(r.body),
    });
    renderWithApp(WebhooksTab, {}, app);
    await fireEvent.click(await screen.findByRole('button', { name: 'Rotate secret' }));
    await fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Rotate secret' }));
    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>('Signing secret').value).toBe(secret));
    expect(screen.getByText(/keeps signing beside the new one until .*\(24 hours\)/)).toBeTruthy();

    await fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    await fireEvent.click(screen.getByLabelText(/^Enabled/));
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(server.calls.find((c) => c.method === 'PATCH')?.body).toMatchObject({ active: true, events: ['message.created'] }));
    await waitFor(() => expect(screen.getByText('https://crm.example.com/hooks/ulak').closest('tr')!.textContent).toContain('Enabled'));
  });

  it('sends a test event and says in words what the receiver answered, beside its subscription', async () => {
    let answer: Record<string, unknown> = { ok: true, status: 204, ms: 38, error: null, webhookId: 'evt_test_1' };
    const { app, server } = makeApp({
      'GET /api/webhooks': () => ({ items: [subscription()] }),
      'POST /api/webhooks/:id/test': () => answer,
    });
    renderWithApp(WebhooksTab, {}, app);
    await fireEvent.click(await screen.findByRole('button', { name: 'Send test event' }));
    expect(await screen.findByText('Test event delivered: the receiver answered 204 in 38 ms. If it checks signatures, it accepted this one.')).toBeTruthy();
    expect(server.calls.filter((c) => c.path === `/api/webhooks/${subscription().id}/test`)).toHaveLength(1);

    answer = { ok: false, status: 401, ms: 12, error: 'receiver answered 401', webhookId: 'evt_test_2' };
    await fireEvent.click(await screen.findByRole('button', { name: 'Send test event' }));
    expect(await screen.findByText(/The receiver answered 401 to the test event \(12 ms\)/)).toBeTruthy();

    answer = { ok: false, status: null, ms: 10_000, error: 'no answer within 10000 ms', webhookId: 'evt_test_3' };
    await fireEvent.click(await screen.findByRole('button', { name: 'Send test event' }));
    expect(await screen.findByText('The test event did not arrive: no answer within 10000 ms.')).toBeTruthy();
  });
});
