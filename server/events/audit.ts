// Appends to the audit log.
import type { DbOrTx } from '../db/client.ts';
import { auditLog } from '../db/schema/index.ts';

export async function audit(db: DbOrTx, actorUserId: string | null, action: string, targetType: string, targetId: string | null, data: Record<string, unknown> = {}) {
  await db.insert(auditLog).values({ actorUserId, action, targetType, targetId, data });
}
