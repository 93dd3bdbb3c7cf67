// The inbox's read figures, shared by the default bench and its large mode: list and search latencies in ms.
import type { Database } from '../../server/db/client.ts';
import { listConversations } from '../../server/conversations/list-conversations.ts';
import { search } from '../../server/search/search.ts';
import { WORDS } from './seed.ts';

/** First pages (all and open, alternating), then 100 keyset pages deep for each. */
export async function listLatencies(database: Database): Promise<number[]> {
  const db = database.db;
  const times: number[] = [];
  for (let i = 0; i < 100; i++) {
    const s = performance.now();
    await listConversations(db, { limit: 50, status: i % 2 ? 'open' : undefined }, { region: 'TR', includePrivate: true });
    times.push(performance.now() - s);
  }
  for (const status of [undefined, 'open'] as const) {
    let cursor: string | undefined;
    for (let page = 0; page < 100; page++) {
      const s = performance.now();
      const r = await listConversations(db, { limit: 50, status, cursor }, { region: 'TR', includePrivate: true });
      times.push(performance.now() - s);
      if (!r.nextCursor) break;
      cursor = r.nextCursor;
    }
  }
  return times;
}

/** 100 searches: two seed words, or a four-letter prefix of one. */
export async function searchLatencies(database: Database): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < 100; i++) {
    const q = i % 3 === 0 ? `${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]}` : WORDS[i % WORDS.length]!.slice(0, 4);
    const s = performance.now();
    await search(database, q, { limit: 20, includePrivate: true, region: 'TR' });
    times.push(performance.now() - s);
  }
  return times;
}
