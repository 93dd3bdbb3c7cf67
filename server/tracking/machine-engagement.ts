// Tells an open or click made by a person from one made by a mail client's proxy or a security scanner.
//
// The heuristic (documented in the README's "Tracking" section):
//   1. Apple Mail Privacy Protection fetches every image through Apple's proxy soon after delivery, whether or not
//      the mail is ever read; that proxy sends the bare user agent `Mozilla/5.0` with no further tokens. Machine.
//   2. No user agent, or one that names a bot, crawler, link preview or mail security scanner. Machine.
//   3. Gmail's and Yahoo's image proxies (`GoogleImageProxy`, `YahooMailProxy`) fetch when the reader opens the
//      mail, so they stand for a person. Human, whenever they come.
//   4. Anything else within PREFETCH_SECONDS of the mail being handed to the mail server is a prefetch (a person
//      does not open, let alone click, that fast). Machine.

/** How soon after sending a fetch counts as a prefetch rather than a reader. */
export const PREFETCH_SECONDS = 10;

const HUMAN_PROXIES = /GoogleImageProxy|YahooMailProxy/i;
const SCANNERS = /bot\b|crawler|spider|preview|scanner|barracuda|proofpoint|mimecast|safelinks|python-requests|curl\/|wget\//i;

export interface EngagementFacts {
  userAgent: string | undefined;
  at: Date;
  /** When the mail server accepted the message (or it was queued, if no send time is known). */
  sentAt: Date | null;
}

export function isMachineEngagement(facts: EngagementFacts): boolean {
  const agent = facts.userAgent?.trim() ?? '';
  if (HUMAN_PROXIES.test(agent)) return false;
  if (agent === '' || agent === 'Mozilla/5.0' || SCANNERS.test(agent)) return true;
  return facts.sentAt !== null && facts.at.getTime() - facts.sentAt.getTime() < PREFETCH_SECONDS * 1000;
}
