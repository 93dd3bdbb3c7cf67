// A message's files keep the order the sender gave them, even after one of their rows is rewritten elsewhere in the
// table (a pending file arriving, in a table whose pages are full).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../tests/support/test-db.ts';
import { inbound, ingestDeps, insertChannel } from '../../tests/support/fixtures.ts';
import { attachments, messages } from '../db/schema/index.ts';
import { ingestMessage } from '../inbound/ingest-message.ts';
import { serializeMessages } from './serialize-message.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const file = (filename: string) => ({ filename, contentType: 'image/jpeg', size: 3, content: new Uint8Array([1, 2, 3]) });

it("keeps a message's files in the sender's order after the first is rewritten on another page", async () => {
  const channel = await insertChannel(database, 'api');
  const deps = ingestDeps(database);
  const names = ['1-kutu.jpg', '2-etiket.jpg', '3-fatura.jpg'];
  const { messageId } = await ingestMessage(deps, channel, inbound({ attachments: names.map(file) }));
  // Fill the page their rows are on, so a rewritten row cannot stay on it.
  for (let i = 0; i < 4; i++) await ingestMessage(deps, channel, inbound({ attachments: Array.from({ length: 40 }, (_, j) => file(`filler-${i}-${j}.jpg`)) }));
  const [first] = await database.db.select().from(attachments).where(eq(attachments.filename, names[0]!));
  await database.db
    .update(attachments)
    .set({ storageKey: `2026/12/${'x'.repeat(200)}` })
    .where(eq(attachments.id, first!.id));
  const rows = await database.db
    .select()
    .from(messages)
    .where(inArray(messages.id, [messageId]));
  const [message] = await serializeMessages(database.db, rows);
  expect(message!.attachments.map((a) => a.filename)).toEqual(names);
});
