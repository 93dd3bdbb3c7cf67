// Creating, changing, rotating and removing subscriptions; the API view never carries a secret.
import { desc, eq, sql, type SQL } from 'drizzle-orm';
import { webhookCursor, webhookSubscriptions } from '../db/schema/index.ts';
import { refusalAtSave } from '../egress/index.ts';
import { AppError, notFound } from '../errors.ts';
import { audit } from '../events/audit.ts';
import type { WebhookEventType } from './event-catalog.ts';
import type { WebhookDeps } from './webhook-deps.ts';
import { MAX_OLDER_SECRETS, newSecret, olderSecretsUntil, ROTATION_OVERLAP_MS, sealSecret } from './webhook-secret.ts';

type Row = typeof webhookSubscriptions.$inferSelect;
type Deps = Pick<WebhookDeps, 'database' | 'secretKey' | 'egress' | 'now'>;

export function subscriptionView(row: Row) {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    description: row.description,
    active: row.active,
    disabledReason: row.disabledReason,
    disabledAt: row.disabledAt,
    consecutiveFailures: row.consecutiveFailures,
    failingSince: row.failingSince,
    previousSecretUntil: olderSecretsUntil(row.olderSecrets),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export interface SubscriptionInput {
  url: string;
  events: WebhookEventType[];
  description?: string | null;
}

function checkUrl(deps: Deps, url: string) {
  // Literal private addresses are refused now; a host name is checked again against its DNS answer on every send.
  const refusal = refusalAtSave(url, deps.egress.allow);
  if (refusal) throw new AppError(422, 'destination_not_allowed', `url: ${refusal}`);
}

export async function createSubscription(deps: Deps, input: SubscriptionInput, actorUserId: string) {
  checkUrl(deps, input.url);
  const secret = newSecret();
  const now = deps.now();
  const row = await deps.database.db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(webhookSubscriptions)
      .values({ url: input.url, events: [...new Set(input.events)], description: input.description ?? null, secret: sealSecret(deps.secretKey, secret), createdAt: now, updatedAt: now })
      .returning();
    // The fan-out starts reading no later than the first subscription, so no event after it is taken for history.
    await tx
      .insert(webhookCursor)
      .values({ id: 1, txid: sql`pg_current_xact_id()`, eventId: 0 })
      .onConflictDoNothing();
    return inserted;
  });
  await audit(deps.database.db, actorUserId, 'webhook.created', 'webhook_subscription', row!.id, { url: input.url, events: row!.events });
  return { ...subscriptionView(row!), secret };
}

export async function listSubscriptions(deps: Deps) {
  const rows = await deps.database.db.select().from(webhookSubscriptions).orderBy(desc(webhookSubscriptions.createdAt));
  return rows.map(subscriptionView);
}

export async function getSubscription(deps: Pick<Deps, 'database'>, id: string): Promise<Row> {
  const [row] = await deps.database.db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id));
  if (!row) throw notFound('webhook');
  return row;
}

export async function updateSubscription(deps: Deps, id: string, change: Partial<SubscriptionInput> & { active?: boolean }, actorUserId: string) {
  const current = await getSubscription(deps, id);
  // A body naming nothing it can change (unknown keys are dropped, as everywhere in the API) changes nothing, not even updatedAt.
  if (Object.values(change).every((value) => value === undefined)) return subscriptionView(current);
  if (change.url !== undefined) checkUrl(deps, change.url);
  const now = deps.now();
  // Turning a subscription back on clears its failure streak, or the next failure would disable it again at once;
  // so does a new address: the old one's failures say nothing about it.
  const newAddress = change.url !== undefined && change.url !== current.url;
  const fresh = change.active === true || newAddress ? { consecutiveFailures: 0, failingSince: null } : {};
  const revive = change.active === true ? { disabledReason: null, disabledAt: null } : {};
  const [row] = await deps.database.db
    .update(webhookSubscriptions)
    .set({
      ...(change.url !== undefined ? { url: change.url } : {}),
      ...(change.events !== undefined ? { events: [...new Set(change.events)] } : {}),
      ...(change.description !== undefined ? { description: change.description } : {}),
      ...(change.active !== undefined ? { active: change.active } : {}),
      ...(change.active === false ? { disabledReason: 'disabled by an admin', disabledAt: now } : {}),
      ...fresh,
      ...revive,
      updatedAt: now,
    })
    .where(eq(webhookSubscriptions.id, id))
    .returning();
  if (!row) throw notFound('webhook'); // deleted meanwhile
  await audit(deps.database.db, actorUserId, 'webhook.updated', 'webhook_subscription', id, { fields: Object.keys(change) });
  return subscriptionView(row);
}

export async function deleteSubscription(deps: Deps, id: string, actorUserId: string) {
  const row = await getSubscription(deps, id);
  await deps.database.db.delete(webhookSubscriptions).where(eq(webhookSubscriptions.id, id));
  await audit(deps.database.db, actorUserId, 'webhook.deleted', 'webhook_subscription', id, { url: row.url });
}

/**
 * A new secret; the current one keeps signing beside it for the overlap, so receivers can switch at their pace, and so
 * do those rotated out before it whose overlap has not ended (a second rotation within the day does not cut off
 * receivers still on the first secret). One statement moves the current secret aside and drops expired ones, so two
 * rotations at once (a double click) chain, and every secret handed out keeps signing for its overlap.
 */
export async function rotateSecret(deps: Deps, id: string, actorUserId: string) {
  const secret = newSecret();
  const now = deps.now();
  const until = new Date(now.getTime() + ROTATION_OVERLAP_MS);
  const [row] = await deps.database.db
    .update(webhookSubscriptions)
    .set({ secret: sealSecret(deps.secretKey, secret), olderSecrets: keptWith(sql`${webhookSubscriptions.secret}`, until, now), updatedAt: now })
    .where(eq(webhookSubscriptions.id, id))
    .returning({ id: webhookSubscriptions.id });
  if (!row) throw notFound('webhook');
  await audit(deps.database.db, actorUserId, 'webhook.secret_rotated', 'webhook_subscription', id);
  return { id, secret, previousSecretValidUntil: until };
}

/** The older secrets still in their overlap at `now`, newest last, with `secret` added until `until`; at most MAX_OLDER_SECRETS. */
function keptWith(secret: SQL, until: Date, now: Date): SQL {
  return sql`(select coalesce(jsonb_agg(o.value order by o.value->>'until'), '[]'::jsonb) from (
      select value from jsonb_array_elements(${webhookSubscriptions.olderSecrets} || jsonb_build_array(jsonb_build_object('secret', ${secret}, 'until', ${until.toISOString()}::text)))
      where (value->>'until')::timestamptz > ${now.toISOString()}::timestamptz
      order by value->>'until' desc limit ${MAX_OLDER_SECRETS}) o)`;
}
