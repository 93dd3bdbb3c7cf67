import { describe, expect, it } from 'vitest';
import { ProfileState } from './profile.svelte';
import { fakeServer } from '../../test/fake-server';
import type { ContactProfile } from '../api';

function profile(overrides: Partial<ContactProfile> = {}): ContactProfile {
  return {
    id: 'p1', name: 'Ayşe Yılmaz', language: 'tr', timeZone: 'Europe/Istanbul', currency: 'TRY', birthday: '03-14',
    preferredChannel: 'whatsapp', attributes: { plan: 'gold' }, labels: ['vip'],
    identities: [{ id: 'i1', kind: 'email', value: 'ayse@example.com', attributes: {}, undeliverable: false }],
    consents: [], figures: { firstSeenAt: null, lastInboundAt: null, lastOutboundAt: null, conversationCount: 1 },
    conversations: [], satisfaction: [], complaints: [], ...overrides,
  };
}

describe('ProfileState', () => {
  it('saves a new time zone and keeps the rest of the profile', async () => {
    let stored = profile();
    const server = fakeServer({
      'GET /api/contacts/p1': () => stored,
      'PATCH /api/contacts/p1': (request) => (stored = { ...stored, ...request.body }),
    });
    const state = new ProfileState(server.api);
    await state.open('p1');
    expect(await state.save({ timeZone: 'America/New_York' })).toBe(true);
    expect(state.contact).toMatchObject({ timeZone: 'America/New_York', name: 'Ayşe Yılmaz' });
  });

  it('edits one custom attribute without losing the others, and removes one with null', async () => {
    let stored = profile();
    const server = fakeServer({
      'GET /api/contacts/p1': () => stored,
      // Like the real API: attributes merge key by key and null removes one.
      'PATCH /api/contacts/p1': (request) => (stored = profile({
        attributes: Object.fromEntries(Object.entries({ ...stored.attributes, ...request.body.attributes }).filter(([, v]) => v !== null)),
      })),
    });
    const state = new ProfileState(server.api);
    await state.open('p1');
    await state.setAttribute('city', 'İzmir');
    expect(server.calls.at(-1)!.body).toEqual({ attributes: { city: 'İzmir' } });
    expect(state.contact?.attributes).toEqual({ plan: 'gold', city: 'İzmir' });
    await state.removeAttribute('plan');
    expect(server.calls.at(-1)!.body).toEqual({ attributes: { plan: null } });
    expect(state.contact?.attributes).toEqual({ city: 'İzmir' });
  });

  it('previews a merge before performing it, then reloads the merged profile', async () => {
    const merged = profile({ identities: [...profile().identities, { id: 'i2', kind: 'phone', value: '+905321112233', attributes: {}, undeliverable: false }] });
    let current = profile();
    const server = fakeServer({
      'GET /api/contacts/p1': () => current,
      'POST /api/contacts/merge/preview': () => merged,
      'POST /api/contacts/merge': () => (current = merged),
    });
    const state = new ProfileState(server.api);
    await state.open('p1');
    await state.previewMerge('p2');
    expect(state.mergePreview?.identities).toHaveLength(2);
    expect(state.contact?.identities).toHaveLength(1);
    expect(await state.merge('p2')).toBe(true);
    expect(server.calls.find((c) => c.path === '/api/contacts/merge')!.body).toEqual({ intoId: 'p1', fromId: 'p2' });
    expect(state.contact?.identities).toHaveLength(2);
    expect(state.mergePreview).toBeNull();
  });
});
