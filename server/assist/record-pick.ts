// Remembers that an agent chose a suggestion, so it ranks higher next time.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { suggestionPicks, type SuggestionSource } from '../db/schema/index.ts';

export async function recordPick(db: Db, source: SuggestionSource, itemId: string, now: Date): Promise<number> {
  const [row] = await db
    .insert(suggestionPicks)
    .values({ source, itemId, count: 1, lastPickedAt: now })
    .onConflictDoUpdate({ target: [suggestionPicks.source, suggestionPicks.itemId], set: { count: sql`${suggestionPicks.count} + 1`, lastPickedAt: now } })
    .returning();
  return row!.count;
}
