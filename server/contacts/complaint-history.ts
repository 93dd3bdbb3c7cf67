// A contact's complaints: the conversations the complaint workflow (or an agent) labelled `complaint`, newest first,
// each with how its response-time promise (SLA clock) ended.
import { rowsOf, type Db } from '../db/client.ts';
import { sql } from 'drizzle-orm';
import type { CONVERSATION_STATUSES, PRIORITIES } from '../db/schema/index.ts';

export interface ComplaintEntry {
  conversationId: string;
  /** When the customer first wrote; null for a conversation an agent started. */
  at: string | null;
  status: (typeof CONVERSATION_STATUSES)[number];
  priority: (typeof PRIORITIES)[number];
  preview: string | null;
  /** `met`, `breached` or `running` for the newest SLA clock on the conversation; null when none was started. */
  sla: 'running' | 'met' | 'breached' | null;
}

export async function complaintHistory(db: Db, contactId: string, limit = 50): Promise<ComplaintEntry[]> {
  // The complaint itself is the conversation's first customer message: its text and time, not the latest reply's.
  const rows = rowsOf<{ id: string; at: string | Date | null; status: ComplaintEntry['status']; priority: ComplaintEntry['priority']; preview: string | null; sla: ComplaintEntry['sla'] }>(
    await db.execute(sql`
      select c.id, c.status, c.priority, first_in.at, first_in.preview,
        (select s.state from sla_clocks s where s.conversation_id = c.id order by s.started_at desc limit 1) as sla
      from conversations c
      left join lateral (
        select m.sent_at as at, left(m.text, 160) as preview from messages m
        where m.conversation_id = c.id and m.direction = 'in' order by m.seq limit 1
      ) first_in on true
      where c.contact_id = ${contactId}::uuid and 'complaint' = any(c.labels)
      order by first_in.at desc nulls last limit ${limit}`),
  );
  return rows.map((r) => ({ conversationId: r.id, at: r.at ? new Date(r.at).toISOString() : null, status: r.status, priority: r.priority, preview: r.preview, sla: r.sla }));
}
