// The send-time re-check for queued marketing: an opt-out or a suppression that arrived after queuing stops the send.
import { inArray } from 'drizzle-orm';
import type { ChannelKind } from '../../connectors/channel.ts';
import type { DbOrTx } from '../db/client.ts';
import { consents } from '../db/schema/index.ts';
import type { ConsentFact } from '../../workflows/facts.ts';
import { consentAllows } from '../../workflows/guards/consent.ts';
import { suppressedIdentities } from './suppressions.ts';

export interface QueuedMarketing {
  id: string;
  contactId: string;
  channelKind: ChannelKind;
  to: { kind: string; value: string };
}

export type MarketingRefusal = 'opted-out' | 'suppressed';

/** Which of these queued messages may no longer go out, and why; a fixed number of queries for any batch size. */
export async function marketingRefusals(db: DbOrTx, queued: QueuedMarketing[]): Promise<Map<string, MarketingRefusal>> {
  const refused = new Map<string, MarketingRefusal>();
  if (!queued.length) return refused;
  const rows = await db
    .select()
    .from(consents)
    .where(inArray(consents.contactId, [...new Set(queued.map((q) => q.contactId))]));
  const consentsOf = new Map<string, Record<string, ConsentFact>>();
  for (const r of rows) consentsOf.set(r.contactId, { ...consentsOf.get(r.contactId), [r.channel]: { status: r.status, at: r.at, source: r.source } });
  const suppressed = await suppressedIdentities(
    db,
    queued.map((q) => q.to),
  );
  for (const q of queued) {
    // Only what the customer said no to is re-checked here; the explicit opt-in rule was applied when the send was decided.
    if (!consentAllows({ consents: consentsOf.get(q.contactId) ?? {} }, q.channelKind, { purpose: 'marketing', requireExplicitOptIn: false })) refused.set(q.id, 'opted-out');
    else if (suppressed.has(`${q.to.kind}:${q.to.value}`)) refused.set(q.id, 'suppressed');
  }
  return refused;
}
