// A small workspace worth attacking: one caller per role, and a few rows of every kind so forged requests can name real ids.
import { Client, type TestApp } from '../support/test-app.ts';
import { createApiChannel, postInbound } from '../support/api-channel.ts';

export type RoleName = 'admin' | 'agent' | 'marketer' | 'anonymous';

export interface Caller {
  role: RoleName;
  /** Sent with every request: a session cookie and its CSRF token, or a bearer token, or nothing. */
  headers: Record<string, string>;
}

export interface Seeded {
  callers: Caller[];
  /** Real ids by the path segment that names their resource (`conversations`, `users`, …). */
  ids: Record<string, string[]>;
  apiChannel: { id: string; secret: string };
}

const sessionHeaders = (c: Client) => ({ cookie: c.cookie!, 'x-csrf-token': c.csrf! });

export async function seedWorkspace(t: TestApp): Promise<Seeded> {
  const admin = await Client.admin(t.app);
  const marketer = await admin.user(['marketer'], 'marketer@example.com');
  const agentSession = await admin.user(['agent'], 'agent@example.com');
  const token = (await agentSession.ok('POST', '/api/tokens', { name: 'fuzz' })).token as string;
  // Users the fuzzer may change or deactivate without losing a caller.
  const victims = [await admin.ok('POST', '/api/users', { email: 'victim@example.com', name: 'Victim', password: 'password123', roles: ['agent'] })];

  const apiChannel = await createApiChannel(admin);
  const inbound = [];
  for (let i = 0; i < 4; i++) inbound.push((await postInbound(t.app, apiChannel, { externalId: `seed-${i}`, from: { id: `customer-${i % 2}`, name: `Customer ${i}` }, text: `hello ${i}` })).body);
  const reply = await admin.ok('POST', `/api/conversations/${inbound[0].conversationId}/messages`, { text: 'hi there' });
  const label = await admin.ok('POST', '/api/labels', { name: 'vip' });
  const canned = await admin.ok('POST', '/api/canned-responses', { shortCode: 'hello', content: 'Hello!' });
  const team = await admin.ok('POST', '/api/teams', { name: 'Support', memberIds: [victims[0].id] });
  const template = await marketer.ok('POST', '/api/templates', { name: 'Hello', fallbackLanguage: 'en', languages: { en: { body: 'Hello {{contact.firstName}}' } } });
  const segment = await marketer.ok('POST', '/api/segments', { name: 'VIPs', conditions: { op: 'has_label', value: 'vip' } });
  const workflow = await marketer.ok('POST', '/api/workflows/presets/birthday', {});
  const campaign = await marketer.ok('POST', '/api/campaigns', {
    name: 'Spring',
    segmentId: segment.id,
    templateId: template.id,
    channelPolicy: { channelIds: [apiChannel.id] },
    schedule: { mode: 'now' },
  });

  const ids: Record<string, string[]> = {
    conversations: [...new Set(inbound.map((r) => r.conversationId as string))],
    contacts: [...new Set(inbound.map((r) => r.contactId as string))],
    messages: [reply.id, ...inbound.map((r) => r.messageId as string)],
    users: victims.map((v) => v.id),
    teams: [team.id],
    labels: [label.id],
    'canned-responses': [canned.id],
    channels: [apiChannel.id],
    templates: [template.id],
    segments: [segment.id],
    workflows: [workflow.id],
    campaigns: [campaign.id],
  };
  return {
    callers: [
      { role: 'admin', headers: sessionHeaders(admin) },
      { role: 'agent', headers: { authorization: `Bearer ${token}` } },
      { role: 'marketer', headers: sessionHeaders(marketer) },
      { role: 'anonymous', headers: {} },
    ],
    ids,
    apiChannel,
  };
}
