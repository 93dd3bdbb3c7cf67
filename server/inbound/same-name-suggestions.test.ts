import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../../tests/support/test-db.ts';
import { contacts } from '../db/schema/index.ts';
import { sameNameSuggestions } from './resolve-contact.ts';

describe('same-name merge suggestions for new contacts', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('name up to three contacts each, oldest first: older ones, then those earlier in the same list', async () => {
    const name = `Deniz ${randomUUID().slice(0, 8)} Aksoy`;
    const [older] = await database.db.insert(contacts).values({ name }).returning({ id: contacts.id });
    const fresh = Array.from({ length: 5 }, (_, i) => ({ contactId: randomUUID(), name: i % 2 ? name.toUpperCase() : ` ${name.replace(' ', '   ')} ` }));
    const suggested = await database.db.transaction((tx) => sameNameSuggestions(tx, [...fresh, { contactId: randomUUID(), name: 'Deniz' }]));
    const into = (k: number) => suggested.filter((s) => s.contactId === fresh[k]!.contactId).map((s) => s.payload!.intoId);
    const [a, b] = fresh.map((f) => f.contactId);
    expect(into(0)).toEqual([older!.id]);
    expect(into(1)).toEqual([older!.id, a]);
    expect(into(2)).toEqual([older!.id, a, b]);
    expect(into(4)).toEqual([older!.id, a, b]);
    // With no older contact, the three earliest of the list.
    const alone = Array.from({ length: 5 }, () => ({ contactId: randomUUID(), name: `Ece ${randomUUID().slice(0, 8)}x Tan` }));
    for (const f of alone) f.name = alone[0]!.name;
    const amongThemselves = await database.db.transaction((tx) => sameNameSuggestions(tx, alone));
    expect(amongThemselves.filter((s) => s.contactId === alone[4]!.contactId).map((s) => s.payload!.intoId)).toEqual(alone.slice(0, 3).map((f) => f.contactId));
    // One word says too little; and each suggestion says why.
    expect(suggested).toHaveLength(1 + 2 + 3 + 3 + 3);
    expect(suggested.every((s) => s.type === 'contact.merge_suggested' && (s.payload as { reason: string }).reason === 'same name')).toBe(true);
  });
});
