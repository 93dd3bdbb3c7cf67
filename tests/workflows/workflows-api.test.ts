// The workflows API: validation, versions that runs keep, presets, roles, dry-run preview and a signed webhook action.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verify } from '../../connectors/signature.ts';
import { createHarness, drainOutbound, runsOf, type Harness } from './engine-harness.ts';

const greeting = (body: string) => ({
  name: 'Hello',
  trigger: { type: 'date_attribute', field: 'birthday' },
  actions: [{ id: 'greet', type: 'send_template', template: 'hi' }],
  templates: { hi: { fallbackLanguage: 'en', languages: { en: { body } } } },
});

describe('workflows API', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await createHarness('2026-09-01T08:00:00Z');
  });
  afterAll(() => h.close());

  it('refuses an invalid workflow with 422 and the list of errors', async () => {
    const r = await h.admin.call('POST', '/api/workflows', greeting('Hi {{contact.shoeSize}}'));
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({ code: 'invalid_workflow', errors: [{ path: 'templates.hi.languages.en.body', message: 'unknown variable {{contact.shoeSize}}' }] });
    const bad = await h.admin.call('POST', '/api/workflows', { name: 'x', trigger: { type: 'schedule', cron: 'every day' }, actions: [{ id: 's', type: 'stop' }] });
    expect(bad.status).toBe(422);
    expect(bad.body.error.errors[0]).toMatchObject({ path: 'trigger.cron', code: 'invalid_cron' });
  });

  it('refuses a template whose placeholder is never closed, on a workflow and on a campaign template alike', async () => {
    const r = await h.admin.call('POST', '/api/workflows', greeting('Happy birthday {{contact.firstName!'));
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({ code: 'invalid_workflow', errors: [{ path: 'templates.hi.languages.en.body', message: 'a "{{" is never closed with "}}"' }] });
    const t = await h.admin.call('POST', '/api/templates', { name: 'Open brace', fallbackLanguage: 'en', languages: { en: { body: 'Hi {{contact.firstName' } } });
    expect(t.status).toBe(422);
    expect(t.body.error).toMatchObject({ code: 'invalid_template', message: 'languages.en.body: a "{{" is never closed with "}}"' });
  });

  it('refuses an RFM trigger into a segment that is no code, such as its Turkish name, and saves nothing', async () => {
    const vip = { name: 'VIP', trigger: { type: 'event', event: 'rfm.segment_changed', to: ['Şampiyonlar'] }, actions: [{ id: 's', type: 'stop' }] };
    const before = (await h.admin.ok('GET', '/api/workflows')).items.length;
    const r = await h.admin.call('POST', '/api/workflows', vip);
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({ code: 'invalid_workflow', errors: [{ path: 'trigger.to.0', message: expect.stringMatching(/^"Şampiyonlar" is no RFM segment: use one of Champions, /) }] });
    expect((await h.admin.ok('GET', '/api/workflows')).items).toHaveLength(before);
  });

  it('lets marketers manage workflows and keeps agents out', async () => {
    const marketer = await h.admin.user(['marketer']);
    const created = await marketer.ok('POST', '/api/workflows', greeting('Hi {{contact.firstName | "there"}}'));
    expect(created).toMatchObject({ version: 1, enabled: false, name: 'Hello' });
    expect((await marketer.ok('GET', '/api/workflows')).items.map((w: any) => w.id)).toContain(created.id);
    const agent = await h.admin.user(['agent']);
    expect((await agent.call('GET', '/api/workflows')).status).toBe(403);
    expect((await marketer.call('POST', '/api/workflows/presets/horoscope', {})).status).toBe(404);
    await marketer.ok('DELETE', `/api/workflows/${created.id}`);
    expect((await marketer.call('GET', `/api/workflows/${created.id}`)).status).toBe(404);
  });

  it('opens the complaint preset in a workspace with no team yet, leaving out only the assign step', async () => {
    const marketer = await h.admin.user(['marketer']);
    const draft = await marketer.ok('POST', '/api/workflows/presets/complaint', {});
    const full = await marketer.ok('GET', `/api/workflows/${draft.id}`);
    expect(full.definition.actions.map((a: { type: string }) => a.type)).toEqual(['set_priority', 'add_label', 'start_sla']);
    await marketer.ok('DELETE', `/api/workflows/${draft.id}`);
  });

  it('opens a preset as a disabled draft whose complaint label is the one the team named', async () => {
    const team = await h.admin.ok('POST', '/api/teams', { name: 'Care', memberIds: [] });
    const draft = await h.admin.ok('POST', '/api/workflows/presets/complaint', { teamId: team.id, labels: { complaint: 'şikayet' } });
    expect(draft).toMatchObject({ enabled: false, preset: 'complaint' });
    // A team that does not exist is refused, not saved to fail every run at its assign or escalation step.
    for (const key of ['teamId', 'escalateToTeamId']) {
      const refused = await h.admin.call('POST', '/api/workflows/presets/complaint', { [key]: '00000000-0000-4000-8000-000000000000' });
      expect(refused.status).toBe(422);
      expect(refused.body.error).toMatchObject({ code: 'unknown_team', message: `${key} does not name a team` });
    }
    const full = await h.admin.ok('GET', `/api/workflows/${draft.id}`);
    expect(full.definition.actions.find((a: any) => a.type === 'add_label')).toMatchObject({ label: 'şikayet' });
    const birthday = await h.admin.ok('POST', '/api/workflows/presets/birthday', {});
    expect(birthday).toMatchObject({ enabled: false, name: 'Birthday greeting' });
    // The web names it as its preset card does, in the user's language.
    expect(await h.admin.ok('POST', '/api/workflows/presets/birthday', { name: 'Doğum günü kutlaması' })).toMatchObject({ enabled: false, name: 'Doğum günü kutlaması' });
    await h.admin.ok('DELETE', `/api/workflows/${draft.id}`);
  });

  it('saves an edit as a new version; a run keeps its version and an edit mid-year sends no second greeting', async () => {
    await h.contact('bday', { name: 'Selin', birthday: '09-01', timeZone: 'Europe/Istanbul' });
    const wf = await h.admin.ok('POST', '/api/workflows', { ...greeting('Happy birthday {{contact.firstName}}!'), enabled: true });
    h.setClock('2026-09-01T06:00:00Z');
    await h.tick();
    const edited = await h.admin.ok('PATCH', `/api/workflows/${wf.id}`, { templates: greeting('Many happy returns, {{contact.firstName}}!').templates });
    expect(edited).toMatchObject({ version: 2, enabled: true });
    expect(edited.versionId).not.toBe(wf.versionId);
    h.setClock('2026-09-01T07:00:00Z');
    await h.tick();
    await drainOutbound(h, 1);
    expect(h.received('bday').map((m) => m.text)).toEqual(['Happy birthday Selin!']);
    const runs = await runsOf(h, wf.id);
    expect(runs).toHaveLength(1);
    expect(runs[0].versionId).toBe(wf.versionId);
    expect(runs[0].contactName).toBe('Selin');
  });

  it('previews who would receive what and who is skipped, sending nothing', async () => {
    // The dry run walks the birthdays of the next 7 days (Selin's was today at 09:00 and is past; December is too far).
    const stop = await h.contact('preview-stop', { birthday: '09-03', timeZone: 'Europe/Istanbul' });
    await h.optOut(stop);
    await h.contact('preview-go', { name: 'Deniz', birthday: '09-04', timeZone: 'Europe/Istanbul' });
    await h.contact('preview-later', { birthday: '12-24', timeZone: 'Europe/Istanbul' });
    const wf = await h.admin.ok('POST', '/api/workflows/presets/birthday', { enabled: true });
    const before = h.receiver.received.length;
    const preview = await h.admin.ok('POST', `/api/workflows/${wf.id}/preview`, {});
    expect(preview.summary).toMatchObject({ contacts: 2, receives: 1, skipped: 1, byReason: { 'no-consent': 1 } });
    expect(preview.items.find((i: any) => i.contactId === stop)).toMatchObject({ outcome: 'skipped', skips: [expect.objectContaining({ reason: 'no-consent' })] });
    expect(preview.items.find((i: any) => i.contactId !== stop).messages[0]).toMatchObject({ channel: 'api', body: expect.stringContaining('Happy birthday, Deniz'), at: '2026-09-04T06:00:00.000Z' });
    expect(await runsOf(h, wf.id)).toHaveLength(0);
    expect(h.receiver.received.length).toBe(before);
  });

  it('calls a webhook signed with the secret named by secretRef', async () => {
    const hits: Array<{ body: string; signature: string }> = [];
    const server = Bun.serve({
      port: 0,
      hostname: '127.0.0.1',
      async fetch(req) {
        hits.push({ body: await req.text(), signature: req.headers.get('x-ulak-signature') ?? '' });
        return new Response('ok');
      },
    });
    try {
      const wf = await h.admin.ok('POST', '/api/workflows', {
        name: 'Tell the CRM',
        enabled: true,
        trigger: { type: 'event', event: 'conversation.created' },
        actions: [{ id: 'notify', type: 'call_webhook', url: `http://127.0.0.1:${server.port}/crm`, secretRef: 'crm' }],
      });
      await h.contact('crm-lead');
      await h.tick();
      const { secret } = await h.admin.ok('GET', '/api/workflows/webhook-secrets/crm');
      expect(hits).toHaveLength(1);
      expect(verify(secret, hits[0]!.body, hits[0]!.signature)).toBe(true);
      expect(JSON.parse(hits[0]!.body)).toMatchObject({ workflowId: wf.id, stepId: 'notify' });
    } finally {
      server.stop(true);
    }
  });
});
