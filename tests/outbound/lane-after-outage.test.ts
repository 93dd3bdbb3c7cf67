// A customer who unsubscribes while the database is away may be kept by another process (a `serve` process's
// one-click page) that this worker's marketing lane knows nothing of. The lane used to claim the moment the database
// answered again, racing that process's spool pass; now, once it answers, the lane waits for every spool pass to have
// had its turn (RESUME_AFTER_OUTAGE_MS) before claiming.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../server/db/schema/index.ts';
import { startMarketingLane, type MarketingLane } from '../../server/outbound/marketing-lane.ts';
import { eventually } from '../support/api-channel.ts';
import { marketingEmailChannel, queuedMarketingEmail } from '../support/marketing-email.ts';
import { recordingDriver } from '../support/recording-driver.ts';
import { refuseWrites } from '../support/refuse-writes.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

describe('the marketing lane after a database outage', () => {
  const email = recordingDriver('email');
  const clock = new Date('2026-06-15T10:00:00Z'); // mid-morning in Istanbul: outside the quiet hours
  let t: TestApp;
  let channelId: string;
  let lane: MarketingLane | undefined;
  const warnings: string[] = [];
  const log = { ...console, warn: (_: unknown, message: string) => void warnings.push(message) } as never;

  beforeAll(async () => {
    t = await createTestApp({ now: () => clock, drivers: { email: email.driver } });
    channelId = await marketingEmailChannel(t.services);
  });
  afterAll(async () => {
    await lane?.stop();
    await t.close();
  });

  let serial = 0;
  async function queuedMarketing() {
    const address = `customer${++serial}@customer.example`;
    return { address, ...(await queuedMarketingEmail(t.services, channelId, address)) };
  }
  const statusOf = async (id: string) => (await t.database.db.select({ status: messages.status }).from(messages).where(eq(messages.id, id)))[0]!.status;

  /** Starts a lane, lets it meet the outage, and ends the outage. */
  async function outageSeenBy(resumeAfterOutageMs: number) {
    const outage = await refuseWrites(t.database, 'messages', 'true', '57P03');
    warnings.length = 0;
    lane = startMarketingLane({ ...t.services.send, log }, { idleMs: 50, resumeAfterOutageMs });
    await eventually(() => warnings.length > 0, 30_000); // its first claim refused
    await outage.lift();
  }

  it('claims nothing for a while after the database answers again', async () => {
    const { address, messageId } = await queuedMarketing();
    await outageSeenBy(60_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(email.sent.map((m) => m.to.value)).not.toContain(address);
    expect(await statusOf(messageId)).toBe('queued');
    await lane!.stop();
    lane = undefined;
    // Said once for the outage, not once per claim tried while it lasted.
    expect(warnings.filter((w) => w.startsWith('marketing lane'))).toHaveLength(1);
  });

  it('then sends what waited', async () => {
    const { address, messageId } = await queuedMarketing();
    await outageSeenBy(200);
    await eventually(async () => (await statusOf(messageId)) === 'sent', 30_000);
    expect(email.sent.map((m) => m.to.value)).toContain(address);
  });
});
