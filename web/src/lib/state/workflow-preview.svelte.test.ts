import { describe, expect, it } from 'vitest';
import { LivePreview } from './workflow-preview.svelte';
import { WorkflowDraft } from './workflow-draft.svelte';
import { fakeServer } from '../../test/fake-server';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const summary = (audience: number) => ({ summary: { audience, contacts: 0, receives: 0, skipped: 0, byReason: {} }, items: [], sample: null });

function validDraft() {
  const draft = new WorkflowDraft({ name: 'x', trigger: { type: 'inactivity', days: 10 } });
  draft.addAction('actions', 'stop');
  return draft;
}

describe('LivePreview', () => {
  it("sends one request per pause in editing, with the chosen sample contact and the saved workflow's id", async () => {
    const server = fakeServer({ 'POST /api/workflows/preview': (r) => summary(r.body.definition.trigger.days) });
    const preview = new LivePreview(server.api);
    const draft = validDraft();
    preview.contactId = 'c7';
    for (const days of [11, 12, 13]) {
      draft.trigger.days = days;
      preview.schedule(draft, 'w1', 5);
    }
    await wait(30);
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0].body).toMatchObject({ contactId: 'c7', workflowId: 'w1', definition: { trigger: { days: 13 } } });
    expect(preview.result?.summary.audience).toBe(13);
  });

  it('waits for a valid draft, and keeps the last answer marked stale meanwhile', async () => {
    const server = fakeServer({ 'POST /api/workflows/preview': () => summary(5) });
    const preview = new LivePreview(server.api);
    const draft = validDraft();
    preview.schedule(draft, undefined, 0);
    await wait(10);
    draft.name = '';
    preview.schedule(draft, undefined, 0);
    await wait(10);
    expect(server.calls).toHaveLength(1);
    expect(preview.stale).toBe(true);
    expect(preview.result?.summary.audience).toBe(5);
  });

  it("marks a 422's field errors on the draft instead of showing a banner", async () => {
    const server = fakeServer({
      'POST /api/workflows/preview': () => ({ status: 422, body: { error: { code: 'invalid_workflow', message: 'x', errors: [{ path: 'trigger.days', message: 'too many days' }] } } }),
    });
    const preview = new LivePreview(server.api);
    const draft = validDraft();
    preview.schedule(draft, undefined, 0);
    await wait(10);
    expect(preview.error).toBeNull();
    expect(draft.errorsAt('trigger.days').server.map((i) => i.message)).toEqual(['too many days']);
  });
});
