// Templates reject unknown variables at save; segments preview a live count and sample; only marketers and admins may edit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';
import { seedContacts } from './seed-contacts.ts';

describe('templates and segments', () => {
  let t: TestApp;
  let admin: Client;
  let marketer: Client;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await Client.admin(t.app);
    marketer = await admin.user(['marketer']);
    await seedContacts(t.services.database, 30, (i) => ({
      name: `Kişi ${i}`,
      labels: i % 3 === 0 ? ['vip'] : ['customer'],
      language: i < 10 ? 'tr' : 'en',
      sms: i === 0 ? 'opted_out' : undefined,
    }));
  });
  afterAll(async () => t.close());

  it('saves a template with per-language bodies and rejects unknown variables with 422', async () => {
    const body = { name: 'Welcome', fallbackLanguage: 'en', languages: { en: { subject: 'Hi', body: 'Hello {{contact.firstName | "friend"}}' }, tr: { body: 'Merhaba {{contact.firstName}}' } } };
    const created = await marketer.ok('POST', '/api/templates', body);
    expect(created).toMatchObject({ name: 'Welcome', fallbackLanguage: 'en', languages: { tr: { body: 'Merhaba {{contact.firstName}}' } } });

    const bad = await marketer.call('POST', '/api/templates', { ...body, name: 'Typo', languages: { en: { body: 'Hello {{contact.frstName}}' } } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toContain('unknown variable {{contact.frstName}}');
    const noFallback = await marketer.call('POST', '/api/templates', { ...body, name: 'No fallback', fallbackLanguage: 'de' });
    expect(noFallback.status).toBe(422);

    const updated = await marketer.ok('PUT', `/api/templates/${created.id}`, { ...body, languages: { en: { body: 'Hey {{contact.attributes.nickname | "you"}}' } } });
    expect(updated.languages).toEqual({ en: { body: 'Hey {{contact.attributes.nickname | "you"}}' } });
    expect((await marketer.call('POST', '/api/templates', body)).status).toBe(409);
    expect((await marketer.ok('GET', '/api/templates')).items.map((x: any) => x.name)).toEqual(['Welcome']);
    expect((await marketer.ok('DELETE', `/api/templates/${created.id}`)).ok).toBe(true);
    expect((await marketer.call('GET', `/api/templates/${created.id}`)).status).toBe(404);
  });

  it('previews how many contacts a condition tree matches, with a sample', async () => {
    const vipsInTurkish = {
      all: [
        { op: 'has_label', value: 'vip' },
        { field: 'contact.language', op: 'eq', value: 'tr' },
      ],
    };
    const preview = await marketer.ok('POST', '/api/segments/preview', { conditions: vipsInTurkish });
    // i in 0..9 with i % 3 === 0: 0, 3, 6, 9
    expect(preview.count).toBe(4);
    expect(preview.sample.map((c: any) => c.name).sort()).toEqual(['Kişi 0', 'Kişi 3', 'Kişi 6', 'Kişi 9']);

    const everyone = await marketer.ok('POST', '/api/segments/preview', {
      conditions: {
        any: [
          { op: 'has_label', value: 'vip' },
          { op: 'has_label', value: 'customer' },
        ],
      },
    });
    expect(everyone.count).toBe(30);
    expect(everyone.sample).toHaveLength(10);
    const optedOut = await marketer.ok('POST', '/api/segments/preview', { conditions: { field: 'contact.consents.sms.status', op: 'eq', value: 'opted_out' } });
    expect(optedOut.count).toBe(1);

    const invalid = await marketer.call('POST', '/api/segments/preview', { conditions: { field: 'contact.language', op: 'in', value: 'tr' } });
    expect(invalid.status).toBe(422);
  });

  it('saves segments as condition trees', async () => {
    const seg = await marketer.ok('POST', '/api/segments', { name: 'VIP', conditions: { op: 'has_label', value: 'vip' } });
    expect((await marketer.ok('GET', `/api/segments/${seg.id}`)).conditions).toEqual({ op: 'has_label', value: 'vip' });
    await marketer.ok('PUT', `/api/segments/${seg.id}`, { name: 'VIP (TR)', conditions: { field: 'contact.language', op: 'eq', value: 'tr' } });
    expect((await marketer.ok('GET', '/api/segments')).items.map((s: any) => s.name)).toEqual(['VIP (TR)']);
    expect((await marketer.call('POST', '/api/segments', { name: 'VIP (TR)', conditions: { op: 'has_label', value: 'x' } })).status).toBe(409);
    await marketer.ok('DELETE', `/api/segments/${seg.id}`);
    expect((await marketer.ok('GET', '/api/segments')).items).toEqual([]);
  });

  it('lets only marketers and admins manage campaigns content', async () => {
    const agent = await admin.user(['agent']);
    expect((await agent.call('GET', '/api/templates')).status).toBe(403);
    expect((await agent.call('POST', '/api/segments/preview', { conditions: { op: 'has_label', value: 'vip' } })).status).toBe(403);
    expect((await admin.call('GET', '/api/campaigns')).status).toBe(200);
  });
});
