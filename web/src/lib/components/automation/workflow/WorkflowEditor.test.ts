import { describe, expect, it } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import WorkflowEditor from './WorkflowEditor.svelte';
import { AutomationState } from '../../../state/automation.svelte';
import { makeApp, renderWithApp } from '../../../../test/render';
import { abandonedCartPreset, vipOfferPreset } from '../../../../../../workflows/presets/index.ts';
import type { WorkflowInput } from '../../../../../../workflows/model.ts';

/** Picks by marking the option too: happy-dom's `:checked`, which Svelte's select binding reads, misses a second change otherwise. */
function choose(select: HTMLElement, value: string) {
  for (const option of (select as HTMLSelectElement).options) option.toggleAttribute('selected', option.value === value);
  return fireEvent.change(select, { target: { value } });
}

function setup(routes: Parameters<typeof makeApp>[0] = {}, starter?: Partial<WorkflowInput>) {
  const { app, server } = makeApp(routes);
  const automation = new AutomationState(app.api);
  automation.pickers = { users: [], teams: [{ id: 't1', name: 'Support', memberIds: [] }], labels: [] };
  automation.currency = 'EUR';
  automation.newWorkflow(starter);
  renderWithApp(WorkflowEditor, { automation, draft: automation.draft! }, app);
  return { automation, server, draft: automation.draft! };
}

describe('WorkflowEditor', () => {
  it('shows the fields of the chosen trigger type', async () => {
    setup();
    expect(screen.getByLabelText('Days without a message from the contact')).toBeTruthy();
    await choose(screen.getByLabelText('Starts when'), 'schedule');
    expect(screen.queryByLabelText('Days without a message from the contact')).toBeNull();
    expect((screen.getByLabelText('Schedule (cron expression)') as HTMLInputElement).value).toBe('0 9 * * 1');
  });

  it('starts a segment trigger from a saved segment’s conditions, copied so the trigger can be edited on its own', async () => {
    const { automation, draft } = setup({}, { trigger: { type: 'segment_entry', segment: { all: [] } } });
    automation.savedSegments.items = [
      { id: 's-vip', name: 'VIP customers', conditions: { all: [{ field: 'contact.orders', op: 'gte', value: 5 }] }, createdAt: '2026-06-01T00:00:00.000Z', updatedAt: '2026-06-01T00:00:00.000Z' },
    ];
    await tick();
    await choose(screen.getByLabelText('Start from a saved segment'), 's-vip');
    await tick();
    expect(draft.definition.trigger).toEqual({ type: 'segment_entry', segment: { field: 'contact.orders', op: 'gte', value: 5 } });
    expect((screen.getByLabelText('Start from a saved segment') as HTMLSelectElement).value).toBe('');
    expect(automation.savedSegments.items[0]!.conditions).toEqual({ all: [{ field: 'contact.orders', op: 'gte', value: 5 }] });
  });

  it('adds steps with their own forms, nested inside an if/else', async () => {
    const { draft } = setup();
    await choose(screen.getByLabelText('Step type'), 'branch');
    await fireEvent.click(screen.getByRole('button', { name: 'Add to Steps' }));
    const thenSteps = screen.getByRole('list', { name: 'steps when branch-1 matches' });
    expect(thenSteps).toBeTruthy();
    const addSelects = screen.getAllByLabelText('Step type');
    await choose(addSelects[0]!, 'assign');
    await fireEvent.click(screen.getByRole('button', { name: 'Add to steps when branch-1 matches' }));
    await choose(within(thenSteps).getByLabelText('Team'), 't1');
    expect(draft.definition.actions).toEqual([{ id: 'branch-1', type: 'branch', if: { all: [] }, then: [{ id: 'assign-1', type: 'assign', teamId: 't1', roundRobin: true }] }]);
  });

  it('lists what needs fixing on save, marking the fields, without sending anything', async () => {
    const { server } = setup();
    await fireEvent.submit(screen.getByRole('button', { name: 'Create' }).closest('form')!);
    await tick();
    const summary = screen.getByRole('alert');
    // Each problem is named by the field in words, not by its path in the definition.
    expect([...summary.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['Name: Required.', 'Steps: Add at least one step.']);
    expect(screen.getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
    expect(server.calls.filter((c) => c.method === 'POST' && c.path === '/api/workflows')).toHaveLength(0);
  });

  it('marks the fields the server rejects and refreshes the live preview as the draft changes', async () => {
    const { server } = setup({
      'POST /api/workflows/preview': (r) => ({ summary: { audience: r.body.definition.trigger.days, contacts: 1, receives: 1, skipped: 0, byReason: {} }, items: [], sample: null }),
      'POST /api/workflows': () => ({ status: 422, body: { error: { code: 'invalid_workflow', message: 'x', errors: [{ path: 'name', message: 'name is taken' }] } } }),
    });
    await fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'Hello' } });
    await choose(screen.getByLabelText('Step type'), 'stop');
    await fireEvent.click(screen.getByRole('button', { name: 'Add to Steps' }));
    expect(await screen.findByText(/90 contacts in the audience/)).toBeTruthy();
    await fireEvent.input(screen.getByLabelText('Days without a message from the contact'), { target: { value: '30' } });
    expect(await screen.findByText(/30 contacts in the audience/)).toBeTruthy();
    expect(server.calls.filter((c) => c.path === '/api/workflows/preview')).toHaveLength(2);
    await fireEvent.submit(screen.getByRole('button', { name: 'Create' }).closest('form')!);
    expect(await screen.findByText('name is taken')).toBeTruthy();
    expect(screen.getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
  });

  it("says a problem only the server finds, such as a webhook to a private address, in the marketer's language", async () => {
    const refusal = 'destination not allowed: 10.0.0.1 is a private address; webhooks may only reach public addresses unless ULAK_WEBHOOK_ALLOW lists it';
    const { app, server } = makeApp({
      'POST /api/workflows': () => ({
        status: 422,
        body: { error: { code: 'invalid_workflow', message: 'x', errors: [{ path: 'actions.0.url', message: refusal, code: 'destination_not_allowed' }] } },
      }),
    });
    app.i18n.setLocale('tr');
    const automation = new AutomationState(app.api);
    automation.pickers = { users: [], teams: [], labels: [] };
    automation.newWorkflow({ name: 'CRM', trigger: { type: 'event', event: 'conversation.created' }, actions: [{ id: 'crm', type: 'call_webhook', url: 'http://10.0.0.1/hook', secretRef: 'crm' }] });
    renderWithApp(WorkflowEditor, { automation, draft: automation.draft! }, app);
    await fireEvent.submit(screen.getByRole('button', { name: 'Oluştur' }).closest('form')!);
    const words = 'Ulak yalnızca herkese açık adresleri çağırır. Bir yönetici bu adrese ULAK_WEBHOOK_ALLOW ile izin verebilir.';
    expect((await screen.findAllByText(words, { exact: false })).length).toBeGreaterThan(0);
    expect(screen.queryByText(/destination not allowed/)).toBeNull();
    expect(server.calls.filter((c) => c.path === '/api/workflows')).toHaveLength(1);
  });

  it('builds an order trigger for a first order over an amount in the workspace currency', async () => {
    const { draft } = setup();
    await choose(screen.getByLabelText('Starts when'), 'event');
    await choose(screen.getByLabelText('Event'), 'order.placed');
    await fireEvent.input(screen.getByLabelText('Only the customer’s order number (empty: every order)'), { target: { value: '1' } });
    await fireEvent.input(screen.getByLabelText('Only orders of at least (EUR)'), { target: { value: '200' } });
    expect(draft.definition.trigger).toEqual({ type: 'event', event: 'order.placed', nth: 1, minAmount: 200 });
    await fireEvent.input(screen.getByLabelText('Only the customer’s order number (empty: every order)'), { target: { value: '0' } });
    expect(screen.getByLabelText('Only the customer’s order number (empty: every order)').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('A whole number above zero.')).toBeTruthy();
  });

  it('opens the VIP preset with its RFM trigger and only Champions ticked', async () => {
    setup({}, vipOfferPreset());
    expect((screen.getByLabelText('Event') as HTMLSelectElement).value).toBe('rfm.segment_changed');
    const into = screen.getByRole('group', { name: 'Into one of these segments (none ticked: any)' });
    expect(
      within(into)
        .getAllByRole('checkbox', { checked: true })
        .map((box) => box.parentElement?.textContent?.trim()),
    ).toEqual(['Champions']);
    expect(within(screen.getByRole('group', { name: 'Out of one of these segments (none ticked: any)' })).queryAllByRole('checkbox', { checked: true })).toEqual([]);
  });

  it('opens the abandoned-cart branch “no order within the wait” as a negated row, and saves it back unchanged', async () => {
    const preset = abandonedCartPreset({ waitHours: 12 });
    const { draft } = setup({}, preset);
    const branch = screen.getByRole('group', { name: 'If the contact matches' });
    expect(within(branch).queryByRole('button', { name: 'Replace with simple rows' })).toBeNull();
    const row = within(branch).getByRole('group', { name: 'Condition 1' });
    expect((within(row).getByLabelText('Not') as HTMLInputElement).checked).toBe(true);
    expect((within(row).getByLabelText('Condition') as HTMLSelectElement).value).toBe('within_last_days');
    expect((within(row).getByLabelText('Field') as HTMLInputElement).value).toBe('contact.lastOrderAt');
    expect((within(row).getByLabelText('Value') as HTMLInputElement).value).toBe('0.5');
    // A fraction of a day is said in hours beside it.
    expect(within(row).getByLabelText('Value').getAttribute('aria-describedby')).toBe(within(row).getByText('That is 12 h.').id);
    const branchIf = () => (draft.definition.actions[1] as { if: unknown }).if;
    expect(branchIf()).toEqual({ not: { field: 'contact.lastOrderAt', op: 'within_last_days', value: 0.5 } });
    await fireEvent.click(within(row).getByLabelText('Not'));
    expect(branchIf()).toEqual({ field: 'contact.lastOrderAt', op: 'within_last_days', value: 0.5 });
  });

  it('edits a tracked event’s properties as typed rows', async () => {
    const { draft } = setup({}, abandonedCartPreset());
    expect((screen.getByLabelText('Event name (empty: any event)') as HTMLInputElement).value).toBe('cart_abandoned');
    await fireEvent.click(screen.getByRole('button', { name: 'Add property' }));
    const row = screen.getByRole('group', { name: 'Property 1' });
    await fireEvent.input(within(row).getByLabelText('Property name'), { target: { value: 'items' } });
    await choose(within(row).getByLabelText('Kind'), 'number');
    await fireEvent.input(within(row).getByLabelText('Value'), { target: { value: '3' } });
    expect(draft.definition.trigger).toEqual({ type: 'event', event: 'event.tracked', name: 'cart_abandoned', properties: { items: 3 } });
    await choose(within(row).getByLabelText('Kind'), 'boolean');
    await choose(within(row).getByLabelText('Value'), 'false');
    expect(draft.definition.trigger).toEqual({ type: 'event', event: 'event.tracked', name: 'cart_abandoned', properties: { items: false } });
    await fireEvent.click(screen.getByRole('button', { name: 'Remove property 1' }));
    expect(draft.definition.trigger).toEqual({ type: 'event', event: 'event.tracked', name: 'cart_abandoned' });
  });

  it('warns, without blocking the save, under a property row the event never carried', async () => {
    const seen = { name: 'cart_abandoned', sampled: 25, properties: [{ name: 'items', types: ['number'], seen: 25 }] };
    const { draft, server } = setup({ 'GET /api/events/properties': () => seen }, abandonedCartPreset());
    await fireEvent.click(screen.getByRole('button', { name: 'Add property' }));
    const row = screen.getByRole('group', { name: 'Property 1' });
    await fireEvent.input(within(row).getByLabelText('Property name'), { target: { value: 'itmes' } });
    await fireEvent.input(within(row).getByLabelText('Value'), { target: { value: '3' } });
    const warning = await screen.findByText('Never seen on cart_abandoned events — check the spelling.', {}, { timeout: 5_000 });
    expect(within(row).getByLabelText('Property name').getAttribute('aria-describedby')).toContain(warning.id);
    expect(draft.issues).toEqual([]);
    await fireEvent.input(within(row).getByLabelText('Property name'), { target: { value: 'items' } });
    expect(screen.queryByText('Never seen on cart_abandoned events — check the spelling.')).toBeNull();
    expect(server.calls.filter((c) => c.path === '/api/events/properties').map((c) => c.query.get('name'))).toEqual(['cart_abandoned']);
  });
});
