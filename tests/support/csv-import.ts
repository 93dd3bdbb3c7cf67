// The CSV importers as the web drives them: the file and its column mapping uploaded, then polled until done.
import { and, eq } from 'drizzle-orm';
import { contactIdentities } from '../../server/db/schema/index.ts';
import { eventually } from './api-channel.ts';
import type { Client, TestApp } from './test-app.ts';

/** `kind` is the resource (`contacts`, `orders`): POST /api/<kind>/import, GET /api/<kind>/imports/:id. */
export function csvImporter(client: Client, kind: string) {
  return {
    /** A mapping that is not a string is sent as its JSON. */
    upload(csv: string, mapping: unknown) {
      const form = new FormData();
      form.set('file', new File([csv], `${kind}.csv`, { type: 'text/csv' }));
      form.set('mapping', typeof mapping === 'string' ? mapping : JSON.stringify(mapping));
      return client.call('POST', `/api/${kind}/import`, form);
    },
    /** The import's progress once it is no longer running. */
    finished: (id: string) =>
      eventually(async () => {
        const p = await client.ok('GET', `/api/${kind}/imports/${id}`);
        return p.status !== 'running' && p;
      }),
  };
}

/** The profile of the contact with this email identity, as GET /api/contacts/:id answers it. */
export async function contactByEmail(t: TestApp, client: Client, email: string) {
  const [identity] = await t.services.database.db
    .select()
    .from(contactIdentities)
    .where(and(eq(contactIdentities.kind, 'email'), eq(contactIdentities.value, email)));
  return client.ok('GET', `/api/contacts/${identity!.contactId}`);
}
