// A preset's live preview shows its message as a contact would get it: a coupon's place filled with a sample code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactIdentities, contacts } from '../../server/db/schema/index.ts';
import { insertChannel } from '../support/fixtures.ts';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';

describe('preset preview', () => {
  let t: TestApp;
  let admin: Client;
  let contactId: string;

  beforeAll(async () => {
    t = await createTestApp({ now: () => new Date('2026-07-01T10:00:00Z') });
    admin = await Client.admin(t.app);
    await insertChannel(t.services.database, 'email', 'Mail');
    const [row] = await t.services.database.db.insert(contacts).values({ name: 'Ece Tan', language: 'en' }).returning();
    contactId = row!.id;
    await t.services.database.db.insert(contactIdentities).values({ contactId, kind: 'email', value: 'ece@example.com' });
  });
  afterAll(() => t.close());

  it("fills the churn win-back coupon with a sample code in the sample message, as the dry run's messages are", async () => {
    const wf = await admin.ok('POST', '/api/workflows/presets/churn-win-back', {});
    const { sample } = await admin.ok('POST', `/api/workflows/${wf.id}/preview`, { contactId });
    const [en, tr] = sample.steps[0].renders;
    expect(en.body).toMatch(/^Hi Ece, it has been a while\. Here is 50 off your next order at \S+: BACK-\w+\.$/);
    expect(tr.body).toMatch(/BACK-\w+ koduyla 50 indirim/);
    expect([en.missingVariables, tr.missingVariables]).toEqual([[], []]);
  });
});
