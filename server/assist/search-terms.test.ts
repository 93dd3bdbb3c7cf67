// The stems SQL indexes (`message_stems`, migration 0016) are the stems the suggestion query asks for, on random messages.
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../db/client.ts';
import { sqlArray } from '../db/sql-array.ts';
import { messageSearchText } from '../lib/fold-text.ts';
import { createTestDatabase, type TestDatabase } from '../../tests/support/test-db.ts';
import { anyWordQuery, wordStems } from './search-terms.ts';

const SEED = Number(process.env.STEMS_PROPERTY_SEED ?? 20261204);
const LETTERS = 'abcçdefgğhıijklmnoöprsştuüvyzwxqABCÇDEFGĞHIİJKLMNOÖPRSŞTUÜVYZ0123456789';
const SEPARATORS = [' ', '  ', ', ', '. ', '? ', '!', '-', '/', "'", '\n', '...', ':', '.', '(', ')', '"', '@', '_'];
const word = fc.array(fc.constantFrom(...LETTERS), { minLength: 1, maxLength: 10 }).map((cs) => cs.join(''));
const message = fc.array(fc.tuple(word, fc.constantFrom(...SEPARATORS)), { minLength: 1, maxLength: 12 }).map((parts) => parts.flat().join(''));

describe('suggestion stems in SQL and in code', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('indexes every stem of a message that the query side cuts from it, and nothing else made of letters', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(message, { minLength: 20, maxLength: 20 }), async (texts) => {
        const folded = texts.map(messageSearchText);
        const rows = rowsOf<{ stems: string[] }>(
          await database.db.execute(sql`select coalesce(tsvector_to_array(message_stems(t)), '{}') as stems from unnest(${sqlArray(folded, 'text')}) with ordinality as u(t, n) order by n`),
        );
        folded.forEach((text, i) => expect([...rows[i]!.stems].sort(), text).toEqual([...new Set(wordStems(text))].sort()));
      }),
      { seed: SEED, numRuns: 25 },
    );
  });

  it('finds "siparişim" and "kartımı" when the customer writes "Sipariş" and "kart", and not "kargo"', async () => {
    const query = anyWordQuery('Sipariş kart');
    expect(query).toBe('sipar | kart:*');
    const both = query.replaceAll(' | ', ' & ');
    const matches = async (text: string) => rowsOf<{ hit: boolean }>(await database.db.execute(sql`select message_stems(${messageSearchText(text)}) @@ to_tsquery('simple', ${both}) as hit`))[0]!.hit;
    expect(await matches('SİPARİŞİM ve kartımı')).toBe(true);
    expect(await matches('Siparişim kargoda')).toBe(false);
  });
});
