// Shop integrations: a kind, a name and a signing secret sealed at rest like channel secrets.
import { randomBytes } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { integrations, type IntegrationKind } from '../../db/schema/index.ts';
import { maskedConfig, openSecrets, sealSecrets } from '../../channels/channel-secrets.ts';
import { isTransientFailure } from '../../../connectors/is-transient-failure.ts';

type Integration = typeof integrations.$inferSelect;

/** Where the shop must send its webhooks. */
export const webhookUrl = (publicUrl: string, row: Pick<Integration, 'id' | 'kind'>) => `${publicUrl}/webhooks/${row.kind}/${row.id}`;

/** What the API shows: the secret only as its last characters. */
export function describeIntegration(publicUrl: string, key: Buffer, row: Integration) {
  return { id: row.id, kind: row.kind, name: row.name, url: webhookUrl(publicUrl, row), secret: String(maskedConfig({}, openSecrets(key, row.sealedSecret)).secret), createdAt: row.createdAt };
}

/**
 * Shopify signs with the app's client secret and WooCommerce with the secret typed into its webhook form, so the
 * admin usually brings one; without it a strong one is made and shown once, in the create response only.
 */
export async function createIntegration(db: Db, key: Buffer, input: { kind: IntegrationKind; name: string; secret?: string }) {
  const secret = input.secret ?? randomBytes(24).toString('base64url');
  const [row] = await db
    .insert(integrations)
    .values({ kind: input.kind, name: input.name, sealedSecret: sealSecrets(key, { secret })! })
    .returning();
  return { row: row!, secret };
}

export async function listIntegrations(db: Db) {
  return db.select().from(integrations).orderBy(desc(integrations.createdAt));
}

export async function deleteIntegration(db: Db, id: string): Promise<boolean> {
  return (await db.delete(integrations).where(eq(integrations.id, id)).returning({ id: integrations.id })).length > 0;
}

export async function integrationSecret(db: Db, key: Buffer, id: string, kind: IntegrationKind): Promise<string | undefined> {
  const [row] = await db.select().from(integrations).where(eq(integrations.id, id));
  if (!row || row.kind !== kind) return undefined;
  return String(openSecrets(key, row.sealedSecret).secret);
}

/**
 * Each integration's secret as last read from the database, so that a delivery arriving while the database is away
 * can still be verified, and kept until it can be stored (WooCommerce does not send a failed delivery again). The
 * memory is consulted only when the read fails for a reason that may pass; what it verified is verified again,
 * against the database, when it is stored.
 */
export class LastKnownSecrets {
  readonly #secrets = new Map<string, { kind: IntegrationKind; secret: string }>();

  /**
   * Remembers every integration's secret and forgets deleted ones: at start, while the database is surely there, and
   * on every spool pass, so an integration connected through another process is known here within half a minute.
   */
  async load(db: Db, key: Buffer): Promise<void> {
    const rows = await listIntegrations(db);
    this.#secrets.clear();
    for (const row of rows) this.remember(row.id, row.kind, String(openSecrets(key, row.sealedSecret).secret));
  }

  /** An integration just connected by this process. */
  remember(id: string, kind: IntegrationKind, secret: string): void {
    this.#secrets.set(id, { kind, secret });
  }

  async read(db: Db, key: Buffer, id: string, kind: IntegrationKind): Promise<string | undefined> {
    try {
      const secret = await integrationSecret(db, key, id, kind);
      if (secret) this.remember(id, kind, secret);
      else this.#secrets.delete(id);
      return secret;
    } catch (error) {
      const known = this.#secrets.get(id);
      if (!isTransientFailure(error) || known?.kind !== kind) throw error;
      return known.secret;
    }
  }
}
