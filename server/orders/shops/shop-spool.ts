// Shop deliveries that were verified but could not be stored for a reason that may pass (the database away), kept in
// a file on this machine and answered 202: WooCommerce does not send a failed delivery again, and disables its webhook
// after five failures in a row, so an order placed during an outage would be missing. Every process's spool pass
// stores the kept deliveries when the database is back, in the order they arrived, verifying each again against the
// integration's secret as the database has it; the delivery id stores each once, however often it was kept.
import { join } from 'node:path';
import { isTransientFailure } from '../../../connectors/is-transient-failure.ts';
import type { Database } from '../../db/client.ts';
import type { IntegrationKind } from '../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import { drainKeptFiles, keepFile, type KeptCounts, type KeptOutcome } from '../../lib/kept-files.ts';
import { namesIn } from '../../lib/private-files.ts';
import type { Logger } from '../../logger.ts';
import { receiveShopWebhook, shopHeaders, type ShopDelivery } from './receive-shop-webhook.ts';

/** The folder under the data directory's spool that holds them, one folder per integration. */
const SHOP_SPOOL = 'shops';
/** A refund whose order has not arrived waits at most this long for it (the order may be in a later file). */
export const REFUND_WAITS_MS = 24 * 60 * 60_000;

interface KeptDelivery {
  kind: IntegrationKind;
  integrationId: string;
  receivedAt: string;
  headers: Record<string, string>;
  /** The raw body, base64: the signature is over its exact bytes. */
  body: string;
}

export async function keepShopDelivery(spoolDir: string, delivery: ShopDelivery, now: Date): Promise<void> {
  const headers: Record<string, string> = {};
  for (const name of shopHeaders(delivery.kind)) {
    const value = delivery.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  const kept: KeptDelivery = { kind: delivery.kind, integrationId: delivery.integrationId, receivedAt: now.toISOString(), headers, body: Buffer.from(delivery.rawBody).toString('base64') };
  // Kept in time order: the pass stores an integration's deliveries in the order they came (an order before its refund).
  await keepFile(join(spoolDir, SHOP_SPOOL, delivery.integrationId), JSON.stringify(kept));
}

export interface ShopSpoolDeps {
  database: Database;
  secretKey: Buffer;
  region(): string;
  now(): Date;
  log: Pick<Logger, 'warn' | 'error'>;
  /** An order was stored: the workspace's value figures are due again. */
  valueChanged(): void;
}

/**
 * Stores every kept delivery and removes its file once stored, found stored already, or refused for good (the
 * integration deleted, its secret changed, a body that is no order). While the database is still away it stops and
 * leaves the rest for the next pass.
 */
export async function storeSpooledShopDeliveries(deps: ShopSpoolDeps, spoolDir: string): Promise<KeptCounts> {
  const counts = { files: 0, stored: 0, left: 0, away: false };
  const root = join(spoolDir, SHOP_SPOOL);
  for (const integrationId of await namesIn(root)) {
    const these = await drainKeptFiles(join(root, integrationId), deps.now(), deps.log, (text, age) => storeKept(deps, JSON.parse(text) as KeptDelivery, age));
    counts.files += these.files;
    counts.stored += these.stored;
    counts.left += these.left;
    if (these.away) return { ...counts, away: true };
  }
  return counts;
}

async function storeKept(deps: ShopSpoolDeps, kept: KeptDelivery, age: number): Promise<KeptOutcome> {
  const delivery: ShopDelivery = { kind: kept.kind, integrationId: kept.integrationId, headers: new Headers(kept.headers), rawBody: new Uint8Array(Buffer.from(kept.body, 'base64')) };
  try {
    const outcome = await receiveShopWebhook(deps.database, deps.secretKey, delivery, { region: deps.region(), now: deps.now() });
    if (outcome.result !== 'stored') return 'done';
    deps.valueChanged();
    return 'stored';
  } catch (error) {
    if (isTransientFailure(error)) return 'away';
    if (error instanceof AppError && error.code === 'order_unknown' && age < REFUND_WAITS_MS) return 'wait';
    deps.log.warn({ err: error, integrationId: kept.integrationId, receivedAt: kept.receivedAt }, 'shop spool: a kept delivery was refused; dropped');
    return 'done';
  }
}
