// Consent changes made by staff or integrations: one channel, or `all` marketing, with the source recorded.
import { and, eq, isNull } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { consents, contacts } from '../db/schema/index.ts';
import { notFound } from '../errors.ts';
import type { AppEnv } from '../http/env.ts';
import { defineRoutes, uuidParam } from '../http/route.ts';
import { transact } from '../events/record-event.ts';
import { recordConsent } from '../consent/index.ts';
import { CONSENT_SCOPES } from '../../workflows/guards/consent.ts';

export const app = new Hono<AppEnv>();
const route = defineRoutes(app, 'contacts', '/api');

const consentBody = z.object({
  channel: z.enum(CONSENT_SCOPES),
  status: z.enum(['opted_in', 'opted_out']),
  /** Defaults to `api` for bearer-token callers and `agent` for people in the app. */
  source: z.string().trim().min(1).max(60).optional(),
});

route(
  {
    method: 'put',
    path: '/contacts/:id/consents',
    access: ['agent', 'marketer'],
    body: consentBody,
    summary: 'Record a consent for one channel (email, sms, whatsapp, telegram, api) or "all" marketing; answers the contact\'s consents with source and time',
  },
  async (c, { body }) => {
    const services = c.get('services');
    const id = uuidParam(c);
    const source = body.source ?? (c.get('authMethod') === 'bearer' ? 'api' : 'agent');
    return transact(services.database, async (tx) => {
      const [contact] = await tx
        .select({ id: contacts.id })
        .from(contacts)
        .where(and(eq(contacts.id, id), isNull(contacts.erasedAt)))
        .for('update');
      if (!contact) throw notFound('contact');
      await recordConsent(tx, { contactId: id, channel: body.channel, status: body.status, source, at: services.now() });
      const rows = await tx.select().from(consents).where(eq(consents.contactId, id)).orderBy(consents.channel);
      return { consents: rows.map((k) => ({ channel: k.channel, status: k.status, source: k.source, at: k.at })) };
    });
  },
);
