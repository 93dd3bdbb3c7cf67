import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../tests/support/test-db.ts';
import { inbound, ingestDeps, insertChannel } from '../../tests/support/fixtures.ts';
import { ingestMessage } from '../inbound/ingest-message.ts';
import { marketingRefusals } from './marketing-refusals.ts';
import { recordConsent } from './record-consent.ts';
import { addSuppressions, suppressedIdentities } from './suppressions.ts';

describe('the send-time re-check of queued marketing', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('stops messages whose contact opted out since queuing, or whose address was suppressed, and lets the rest go', async () => {
    const email = await insertChannel(database, 'email');
    const wa = await insertChannel(database, 'whatsapp');
    const a = await ingestMessage(ingestDeps(database), email, inbound({ from: { identities: [{ kind: 'email', value: 'a@customer.example' }] } }));
    const b = await ingestMessage(ingestDeps(database), wa, inbound({ from: { identities: [{ kind: 'whatsapp', value: '905321112233@s.whatsapp.net' }] } }));
    const c = await ingestMessage(ingestDeps(database), email, inbound({ from: { identities: [{ kind: 'email', value: 'c@customer.example' }] } }));
    const queued = [
      { id: 'm-a', contactId: a.contactId, channelKind: 'email' as const, to: { kind: 'email', value: 'a@customer.example' } },
      { id: 'm-b', contactId: b.contactId, channelKind: 'whatsapp' as const, to: { kind: 'whatsapp', value: '905321112233@s.whatsapp.net' } },
      { id: 'm-c', contactId: c.contactId, channelKind: 'email' as const, to: { kind: 'email', value: 'c@customer.example' } },
    ];
    expect(await marketingRefusals(database.db, queued)).toEqual(new Map());

    await recordConsent(database.db, { contactId: a.contactId, channel: 'all', status: 'opted_out', source: 'link', at: new Date() });
    // Suppressed by phone number, written the way a spreadsheet has it: reaches the WhatsApp JID of the same number.
    expect(await addSuppressions(database.db, [{ phone: '0532 111 22 33' }], { region: 'TR', source: 'import', now: new Date() })).toEqual({ added: 1, existing: 0, rejected: [] });
    // The same number again in one upload, written another way: counted once as added, then as existing.
    expect(await addSuppressions(database.db, [{ phone: '+90 533 111 22 33' }, { phone: '0533 111 22 33' }, { phone: '0532 111 22 33' }], { region: 'TR', source: 'import', now: new Date() })).toEqual(
      { added: 1, existing: 2, rejected: [] },
    );
    expect(await marketingRefusals(database.db, queued)).toEqual(
      new Map([
        ['m-a', 'opted-out'],
        ['m-b', 'suppressed'],
      ]),
    );
  });

  it('matches suppressed identities by normalized email and by phone across SMS and WhatsApp', async () => {
    await addSuppressions(database.db, [{ email: ' Ghost@Customer.EXAMPLE ' }], { region: 'TR', source: 'api', now: new Date() });
    const found = await suppressedIdentities(database.db, [
      { kind: 'email', value: 'ghost@customer.example' },
      { kind: 'phone', value: '+905321112233' },
      { kind: 'whatsapp', value: '905321112233@s.whatsapp.net' },
      { kind: 'telegram', value: '42' },
      { kind: 'email', value: 'other@customer.example' },
    ]);
    expect([...found].sort()).toEqual(['email:ghost@customer.example', 'phone:+905321112233', 'whatsapp:905321112233@s.whatsapp.net']);
  });
});
