// A campaign's audience page by page: the contacts its segment matches now, with each one's planned send time.
import type { Campaign } from '../../workflows/campaigns/model.ts';
import { planCampaign, type PlannedSend } from '../../workflows/campaigns/plan-campaign.ts';
import type { ContactFacts } from '../../workflows/facts.ts';
import type { DbOrTx } from '../db/client.ts';
import { matchingContactIds, SEGMENT_BATCH } from '../segments/evaluate-segment.ts';
import { loadContactFacts } from '../segments/load-contact-facts.ts';
import { withResponsiveHours } from './responsive-hours.ts';

export interface AudiencePage {
  sends: PlannedSend[];
  facts: Map<string, ContactFacts>;
}

/**
 * Start and preview walk the same audience, so the preview counts exactly whom Start would fix as recipients. The
 * members come from the compiled segment query; only their facts are loaded, a batch at a time, for the pure planner.
 */
export async function* campaignAudience(db: DbOrTx, campaignId: string, definition: Campaign, now: Date, workspaceZone: string): AsyncGenerator<AudiencePage> {
  const members = await matchingContactIds(db, definition.segment, now);
  for (let i = 0; i < members.length; i += SEGMENT_BATCH) {
    const facts = await withResponsiveHours(db, definition.schedule, await loadContactFacts(db, members.slice(i, i + SEGMENT_BATCH)), now, workspaceZone);
    const plan = planCampaign(
      campaignId,
      definition,
      facts.map((contact) => ({ contact, now })),
      now,
      workspaceZone,
    );
    yield { sends: plan.sends, facts: new Map(facts.map((f) => [f.id, f])) };
  }
}
