import { describe, expect, it } from 'vitest';
import ProfileHistory from './ProfileHistory.svelte';
import { makeApp, renderWithApp } from '../../../test/render';
import { contactProfile } from '../../../test/fake-server';
import type { ContactProfile } from '../../api';

const base = contactProfile({
  id: 'p1',
  name: 'Kemal',
  language: 'tr',
  timeZone: 'Europe/Istanbul',
  currency: 'TRY',
  figures: { firstSeenAt: '2026-01-01T00:00:00.000Z', lastInboundAt: null, lastOutboundAt: null, conversationCount: 2, orderValue: null },
});

describe('ProfileHistory', () => {
  it('lists complaints with what the customer wrote and whether the answer came in time', () => {
    const { app } = makeApp({});
    const opened: string[] = [];
    const contact: ContactProfile = {
      ...base,
      complaints: [
        { conversationId: 'c2', at: '2026-06-10T10:00:00Z', status: 'open', priority: 'urgent', preview: 'This is unacceptable', sla: 'breached' },
        { conversationId: 'c1', at: '2026-05-02T08:00:00Z', status: 'resolved', priority: 'urgent', preview: 'Siparişim gelmedi', sla: 'met' },
      ],
    };
    const { getByRole, container } = renderWithApp(ProfileHistory, { contact, onOpenConversation: (id: string) => opened.push(id) }, app);
    const section = getByRole('region', { name: 'Complaint history' });
    expect(section.textContent).toContain('This is unacceptable');
    expect(section.textContent).toContain('answer late (SLA breached)');
    expect(section.textContent).toContain('answered in time');
    (container.querySelector('a[href="#/inbox/c2"]') as HTMLAnchorElement).click();
    expect(opened).toEqual(['c2']);
  });

  it('reads a conversation on two channels as two words, not one', () => {
    const { app } = makeApp({});
    const contact: ContactProfile = {
      ...base,
      conversations: [{ id: 'c1', subject: null, status: 'open', lastActivityAt: '2026-06-10T10:00:00Z', channelKinds: ['api', 'email'], lastMessage: null }],
    } as ContactProfile;
    const { container } = renderWithApp(ProfileHistory, { contact, onOpenConversation: () => {} }, app);
    expect(container.querySelector('li')!.textContent).toMatch(/API E-?mail/);
  });

  it('has no complaint section for a customer who never complained', () => {
    const { app } = makeApp({});
    const { queryByRole } = renderWithApp(ProfileHistory, { contact: base, onOpenConversation: () => {} }, app);
    expect(queryByRole('region', { name: 'Complaint history' })).toBeNull();
  });
});
