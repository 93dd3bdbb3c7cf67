import { describe, expect, it } from 'vitest';
import { NewMessageAlerts, type AlertOutputs } from './new-message-alerts.svelte';
import { conversation } from '../../test/fake-server';

function outputs(permission: NotificationPermission | 'unsupported' = 'default', answer: NotificationPermission = 'granted') {
  const store = new Map<string, string>();
  const log = { sounds: 0, shown: [] as Array<{ title: string; body: string; tag: string; click(): void }>, visible: true, permission };
  const out: AlertOutputs = {
    storage: { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => void store.set(k, v) },
    playSound: () => void log.sounds++,
    permission: () => log.permission,
    requestPermission: async () => (log.permission = answer),
    show: (title, body, tag, click) => void log.shown.push({ title, body, tag, click }),
    visible: () => log.visible,
  };
  return { out, log };
}

const context = (overrides: Partial<Parameters<NewMessageAlerts['inbound']>[1]> = {}) => ({
  userId: 'u-me',
  openConversationId: null,
  title: 'Zeynep Kaya',
  open: () => {},
  ...overrides,
});

describe('new message alerts', () => {
  it('are off until the agent turns them on, and the choice survives a reload', () => {
    const { out, log } = outputs('granted');
    const alerts = new NewMessageAlerts(out);
    alerts.inbound(conversation({ id: 'c1' }), context());
    expect(log.sounds).toBe(0);
    expect(log.shown).toHaveLength(0);

    alerts.setSound(true);
    expect(log.sounds).toBe(1); // a sample, so the agent hears what they chose
    expect(new NewMessageAlerts(out).settings.sound).toBe(true);
  });

  it('asks the browser before turning desktop notifications on, and stays off when refused', async () => {
    const refused = outputs('default', 'denied');
    const alerts = new NewMessageAlerts(refused.out);
    await alerts.setDesktop(true);
    expect(alerts.settings.desktop).toBe(false);
    expect(alerts.blocked).toBe(true);

    const allowed = outputs('default', 'granted');
    const granted = new NewMessageAlerts(allowed.out);
    await granted.setDesktop(true);
    expect(granted.settings.desktop).toBe(true);
    expect(granted.blocked).toBe(false);
  });

  it('notifies with the contact and the message, and a click opens the conversation', async () => {
    const { out, log } = outputs('granted');
    const alerts = new NewMessageAlerts(out);
    alerts.setSound(true);
    await alerts.setDesktop(true);
    const opened: string[] = [];
    alerts.inbound(
      conversation({ id: 'c7', contact: { id: 'k1', name: 'Zeynep Kaya', identities: [] }, lastMessage: { text: 'Siparişim nerede?', direction: 'in', at: '2026-11-22T10:00:00Z' } }),
      context({ open: (id) => opened.push(id) }),
    );
    expect(log.sounds).toBe(2);
    expect(log.shown.map(({ title, body, tag }) => ({ title, body, tag }))).toEqual([{ title: 'Zeynep Kaya', body: 'Siparişim nerede?', tag: 'c7' }]);
    log.shown[0]!.click();
    expect(opened).toEqual(['c7']);
  });

  it("stays quiet for auto-replies, other agents' conversations and the conversation on screen", () => {
    const { out, log } = outputs();
    const alerts = new NewMessageAlerts(out);
    alerts.setSound(true);
    log.sounds = 0;
    alerts.inbound(conversation({ id: 'c1' }), context({ quiet: true }));
    alerts.inbound(conversation({ id: 'c2', assignee: { id: 'u-other', name: 'Ali' } }), context());
    alerts.inbound(conversation({ id: 'c3' }), context({ openConversationId: 'c3' }));
    expect(log.sounds).toBe(0);

    alerts.inbound(conversation({ id: 'c4', assignee: { id: 'u-me', name: 'Me' } }), context());
    log.visible = false;
    alerts.inbound(conversation({ id: 'c3' }), context({ openConversationId: 'c3' })); // open, but in a background tab
    expect(log.sounds).toBe(2);
  });
});
