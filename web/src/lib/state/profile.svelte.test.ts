import { describe, expect, it } from 'vitest';
import { waitFor } from '@testing-library/svelte';
import { ProfileState } from './profile.svelte';
import { contactProfile, fakeServer } from '../../test/fake-server';
import type { ContactProfile } from '../api';

function profile(overrides: Partial<ContactProfile> = {}): ContactProfile {
  return contactProfile({
    id: 'p1',
    name: 'Ayşe Yılmaz',
    language: 'tr',
    timeZone: 'Europe/Istanbul',
    currency: 'TRY',
    birthday: '03-14',
    preferredChannel: 'whatsapp',
    attributes: { plan: 'gold' },
    labels: ['vip'],
    identities: [{ id: 'i1', kind: 'email', value: 'ayse@example.com', attributes: {}, undeliverable: false, undeliverableReason: null }],
    ...overrides,
  });
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
      'PATCH /api/contacts/p1': (request) =>
        (stored = profile({
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
    const merged = profile({ identities: [...profile().identities, { id: 'i2', kind: 'phone', value: '+905321112233', attributes: {}, undeliverable: false, undeliverableReason: null }] });
    let current = profile();
    const server = fakeServer({
      'GET /api/contacts/p1': () => current,
      'POST /api/contacts/merge/preview': () => ({ intoId: 'p1', fromId: 'p2', name: merged.name, labels: merged.labels, conversationCount: 2, identities: merged.identities }),
      'POST /api/contacts/merge': () => {
        current = merged;
        return { mergeId: 'm1', contact: merged };
      },
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
    expect(state.lastMerge).toEqual({ mergeId: 'm1', fromLabel: null });
    expect(state.changes).toBe(1);
  });

  it('undoes the merge just made and reloads the profile as it was', async () => {
    const merged = profile({ identities: [...profile().identities, { id: 'i2', kind: 'phone', value: '+905321112233', attributes: {}, undeliverable: false, undeliverableReason: null }] });
    let current = profile();
    const server = fakeServer({
      'GET /api/contacts/p1': () => current,
      'POST /api/contacts/merge': () => {
        current = merged;
        return { mergeId: 'm7', contact: merged };
      },
      'POST /api/contacts/merges/m7/revert': () => {
        current = profile();
        return { intoId: 'p1', fromId: 'p2' };
      },
    });
    const state = new ProfileState(server.api);
    await state.open('p1');
    expect(await state.merge('p2', 'Ayşe Kaya')).toBe(true);
    expect(state.lastMerge).toEqual({ mergeId: 'm7', fromLabel: 'Ayşe Kaya' });
    expect(await state.undoMerge()).toBe(true);
    expect(server.calls.filter((c) => c.path === '/api/contacts/merges/m7/revert')).toHaveLength(1);
    expect(state.contact?.identities).toHaveLength(1);
    expect(state.lastMerge).toBeNull();
    expect(state.changes).toBe(2);
    expect(await state.undoMerge()).toBe(false);
  });

  it('finds merge candidates by what was typed, never offers the open contact, and drops answers to replaced queries', async () => {
    const answers: Record<string, () => Promise<unknown>> = {};
    const server = fakeServer({
      'GET /api/contacts/p1': () => profile(),
      'GET /api/contacts': (request) => answers[request.query.get('q')!]!(),
    });
    const summary = (id: string, name: string) => ({ id, name, identities: [], labels: [], lastInboundAt: null });
    let releaseSlow!: () => void;
    answers['ay'] = () => new Promise((resolve) => (releaseSlow = () => resolve({ items: [summary('p9', 'Stale')], nextCursor: null })));
    answers['ayşe'] = async () => ({ items: [summary('p1', 'Ayşe Yılmaz'), summary('p2', 'Ayşe Kaya')], nextCursor: null });
    const state = new ProfileState(server.api);
    await state.open('p1');

    state.findMergeCandidates('ay', 0);
    await waitFor(() => expect(server.calls.some((c) => c.query.get('q') === 'ay')).toBe(true));
    expect(state.mergeSearching).toBe(true);
    state.findMergeCandidates('ayşe', 0);
    await waitFor(() => expect(state.mergeCandidates.map((c) => c.id)).toEqual(['p2']));
    releaseSlow();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(state.mergeCandidates.map((c) => c.id)).toEqual(['p2']);
    expect(state.mergeSearching).toBe(false);

    const asked = server.calls.length;
    state.findMergeCandidates('  ', 0);
    expect(state.mergeCandidates).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(server.calls.length).toBe(asked);
  });

  it('forgets the merge search and preview when another contact is opened', async () => {
    const server = fakeServer({
      'GET /api/contacts/:id': (request) => profile({ id: request.path.split('/').pop()! }),
      'GET /api/contacts': () => ({ items: [{ id: 'p2', name: 'Bora', identities: [], labels: [], lastInboundAt: null }], nextCursor: null }),
      'POST /api/contacts/merge/preview': () => ({ intoId: 'p1', fromId: 'p2', name: 'Ayşe', labels: [], conversationCount: 1, identities: [] }),
    });
    const state = new ProfileState(server.api);
    await state.open('p1');
    state.findMergeCandidates('bo', 0);
    await waitFor(() => expect(state.mergeCandidates).toHaveLength(1));
    await state.previewMerge('p2');
    await state.open('p3');
    expect(state.mergeCandidates).toEqual([]);
    expect(state.mergePreview).toBeNull();
  });
});
