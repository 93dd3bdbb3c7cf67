// The currency every analytics amount is totalled in.
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { workspaces } from '../db/schema/index.ts';

export async function workspaceCurrency(db: Db): Promise<string> {
  const [ws] = await db.select({ currency: workspaces.currency }).from(workspaces).where(eq(workspaces.id, 1));
  return ws?.currency ?? 'TRY';
}
