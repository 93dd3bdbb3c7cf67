// The OpenAPI document says what each route answers (JSON Schema generated from the handlers' types), and what the
// routes really answer matches it: checked here against live answers with a JSON Schema validator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020';
import { adminWithChannel, postInbound, type ApiChannel } from '../support/api-channel.ts';
import type { Client, TestApp } from '../support/test-app.ts';

describe('response schemas in the OpenAPI document', () => {
  let t: TestApp;
  let admin: Client;
  let channel: ApiChannel;
  let doc: any;
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });

  beforeAll(async () => {
    ({ t, admin, channel } = await adminWithChannel());
    doc = await (await t.app.request('/api/openapi.json')).json();
    await postInbound(t.app, channel, { externalId: 'oa-1', from: { id: 'ayse', email: 'ayse@example.com', name: 'Ayşe' }, text: 'Siparişim nerede?' });
  });
  afterAll(() => t.close());

  const schemaOf = (method: string, path: string, status = '200') => doc.paths[path]?.[method]?.responses?.[status]?.content?.['application/json']?.schema;

  /** Calls the route and checks its answer against the schema the document gives for it. */
  async function answersAsDocumented(method: string, documentedPath: string, path: string, body?: unknown, status = '200') {
    const schema = schemaOf(method, documentedPath, status);
    expect(schema, `${method} ${documentedPath} has a response schema`).toBeTruthy();
    const answer = await admin.call(method.toUpperCase(), path, body);
    expect(answer.status).toBe(Number(status));
    const validate = ajv.compile(schema);
    expect(validate(answer.body) ? [] : validate.errors, `${method} ${documentedPath}`).toEqual([]);
    return answer.body;
  }

  it('documents the answers of the routes, from the handlers types', () => {
    const routes = Object.values(doc.paths).flatMap((operations: any) => Object.values(operations)) as any[];
    const withSchema = routes.filter((op) => Object.values(op.responses).some((r: any) => r.content?.['application/json']?.schema));
    expect(withSchema.length).toBeGreaterThan(routes.length * 0.8);
    const message = schemaOf('get', '/api/conversations/{id}/messages').properties.items.items;
    expect(message.properties.attachments.items.required).toEqual(['id', 'filename', 'contentType', 'size', 'url', 'refused', 'pending']);
    expect(message.properties.createdAt).toEqual({ type: 'string', format: 'date-time' });
    expect(schemaOf('post', '/api/webhooks', '201').required).toContain('secret');
    // Errors keep their one shape.
    expect(doc.paths['/api/webhooks'].post.responses.default.content['application/json'].schema.required).toEqual(['error']);
  });

  it('matches what the routes answer', async () => {
    const conversations = await answersAsDocumented('get', '/api/conversations', '/api/conversations');
    const conversationId = conversations.items[0].id;
    await answersAsDocumented('get', '/api/conversations/{id}', `/api/conversations/${conversationId}`);
    await answersAsDocumented('get', '/api/conversations/{id}/messages', `/api/conversations/${conversationId}/messages`);
    await answersAsDocumented('get', '/api/contacts', '/api/contacts');
    await answersAsDocumented('get', '/api/contacts/{id}', `/api/contacts/${conversations.items[0].contact.id}`);
    await answersAsDocumented('get', '/api/me', '/api/me');
    await answersAsDocumented('get', '/api/channels', '/api/channels');
    await answersAsDocumented('get', '/api/workspace', '/api/workspace');
    const webhook = await answersAsDocumented('post', '/api/webhooks', '/api/webhooks', { url: 'https://hooks.example.com/ulak', events: ['message.created'] }, '201');
    await answersAsDocumented('get', '/api/webhooks', '/api/webhooks');
    await answersAsDocumented('get', '/api/webhooks/{id}/deliveries', `/api/webhooks/${webhook.id}/deliveries`);
    await answersAsDocumented('post', '/api/webhooks/{id}/rotate-secret', `/api/webhooks/${webhook.id}/rotate-secret`);
    await answersAsDocumented('get', '/api/campaigns', '/api/campaigns');
    await answersAsDocumented('get', '/api/workflows', '/api/workflows');
  });
});
