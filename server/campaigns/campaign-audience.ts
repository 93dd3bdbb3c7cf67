// A campaign's audience page by page: the contacts its segment matches now, with each one's planned send time.
import type { Campaign } from '../../workflows/campaigns/model.ts';
import { planCampaign, type PlannedSend } from '../../workflows/campaigns/plan-campaign.ts';
import type { ContactFacts } from '../../workflows/facts.ts';
import type { DbOrTx } from '../db/client.ts';
import { SEGMENT_BATCH } from '../segments/evaluate-segment.ts';
import { contactFactsPage } from '../segments/load-contact-facts.ts';

export interface AudiencePage {
  sends: PlannedSend[];
  facts: Map<string, ContactFacts>;
}

/** Start and preview walk the same audience, so the preview counts exactly whom Start would fix as recipients. */
export async function* campaignAudience(db: DbOrTx, campaignId: string, definition: Campaign, now: Date, workspaceZone: string): AsyncGenerator<AudiencePage> {
  let after: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof contactFactsPage>> = await contactFactsPage(db, after, SEGMENT_BATCH);
    const plan = planCampaign(
      campaignId,
      definition,
      page.facts.map((contact) => ({ contact, now })),
      now,
      workspaceZone,
    );
    yield { sends: plan.sends, facts: new Map(page.facts.map((f) => [f.id, f])) };
    after = page.next;
  } while (after);
}
