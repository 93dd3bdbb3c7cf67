// Inbound messages a provider sends once (a WhatsApp history chunk or live message, a Twilio SMS webhook) whose commit
// fails for a reason that may pass (the database away), kept in a file on this machine; likewise delivery receipts
// (Twilio's status callbacks and WhatsApp's acks are not sent again either), which are always handed over. A connector that tries again
// itself (WhatsApp) keeps its file until it has stored the messages, so a process stopped or killed meanwhile does not
// lose them; a webhook hands its file over (`.handed.json`) and answers the provider. Every process's pass stores the
// handed-over files at once, and the others once they are older than any connector's own retries: nobody holds them.
//
// Storing is idempotent (each message's key is unique), so a file stored twice — its process and the pass at once,
// or a process killed between the commit and the file's removal — doubles nothing.
import { randomUUID } from 'node:crypto';
import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { DeliveryUpdate, InboundMessage, InboundSpool } from '../../connectors/channel.ts';
import { isTransientFailure } from '../../connectors/is-transient-failure.ts';
import { channels } from '../db/schema/index.ts';
import type { Logger } from '../logger.ts';
import type { KeptCounts, KeptOutcome } from '../lib/kept-files.ts';
import { namesIn, writePrivateFileDurably } from '../lib/private-files.ts';
import { applyDeliveryUpdate } from '../outbound/apply-delivery-update.ts';
import { ingestMessage, type IngestDeps } from './ingest-message.ts';

/** Past the connectors' own retries (WhatsApp: five minutes), so the pass never races a live process's file. */
export const SPOOL_ADOPT_AFTER_MS = 15 * 60_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How a handed-over file's name ends (before `.json`): nobody but the pass will store it. */
const HANDED = '.handed';

/** The spool of one channel, under `dir/<channel id>/`; `handedOver` is told of each file handed to the pass. */
export function inboundSpool(dir: string, channelId: string, handedOver: () => void = () => {}): InboundSpool {
  const channelDir = join(dir, channelId);
  async function write(kept: Spooled, handOver: boolean): Promise<string> {
    const id = handOver ? `${randomUUID()}${HANDED}` : randomUUID();
    // Written whole and flushed before it takes its name, so the pass never reads half a file.
    await writePrivateFileDurably(channelDir, `${id}.json`, encodeSpooled(kept));
    if (handOver) handedOver();
    return id;
  }
  return {
    keep: (messages, options = {}) => write({ messages, receipts: [] }, options.handOver === true),
    async release(id) {
      await rm(join(channelDir, `${id}.json`), { force: true });
    },
    keepReceipts: async (receipts) => void (await write({ messages: [], receipts }, true)),
  };
}

/** What one spool file keeps. */
export interface Spooled {
  messages: InboundMessage[];
  receipts: DeliveryUpdate[];
}

export interface SpoolPassDeps {
  ingest: IngestDeps;
  log: Pick<Logger, 'warn' | 'error'>;
  now(): Date;
}

/**
 * Stores the messages of every handed-over spool file and every other one older than SPOOL_ADOPT_AFTER_MS, one by
 * one, and removes the file once each is stored or refused for good. A failure that may pass leaves the file, and
 * the rest, for the next pass (`away`).
 */
export async function storeSpooledInbound(deps: SpoolPassDeps, dir: string): Promise<KeptCounts> {
  const counts = { files: 0, stored: 0, left: 0, away: false };
  for (const channelId of await namesIn(dir)) {
    if (!UUID.test(channelId)) continue; // another kind of spool beside the channels' (shops/)
    const channelDir = join(dir, channelId);
    for (const name of await namesIn(channelDir)) {
      const path = join(channelDir, name);
      const written = await stat(path).catch(() => undefined);
      if (!written || (!name.endsWith(`${HANDED}.json`) && deps.now().getTime() - written.mtimeMs < SPOOL_ADOPT_AFTER_MS)) continue;
      // Half a file, from a process killed while writing it: its messages were still in that process's hands alone.
      if (name.endsWith('.tmp')) await rm(path, { force: true });
      if (!name.endsWith('.json')) continue;
      counts.files++;
      const outcome = await storeFile(deps, channelId, path, counts);
      if (outcome === 'done') await rm(path, { force: true });
      else counts.left++;
      // The database (or the file store) still away: the other files wait for the next pass too.
      if (outcome === 'away') return { ...counts, away: true };
    }
  }
  return counts;
}

/**
 * `done` when every message of the file is stored or refused for good; `away` when one failed for a reason that may
 * pass; `wait` when the file cannot be read (left in place, and logged).
 */
async function storeFile(deps: SpoolPassDeps, channelId: string, path: string, counts: { stored: number }): Promise<Exclude<KeptOutcome, 'stored'>> {
  const channel = await deps.ingest.database.db
    .select({ id: channels.id, kind: channels.kind })
    .from(channels)
    .where(eq(channels.id, channelId))
    .then(([row]) => row ?? null)
    .catch((error: unknown) => {
      if (isTransientFailure(error)) return undefined;
      throw error;
    });
  if (channel === undefined) return 'away';
  if (!channel) {
    deps.log.warn({ channelId, path }, 'inbound spool: the channel was deleted; its kept messages go with it');
    return 'done';
  }
  let kept: Spooled;
  try {
    kept = decodeSpooled(await readFile(path, 'utf8'));
  } catch (error) {
    deps.log.error({ err: error, path }, 'inbound spool: a kept file cannot be read; left in place');
    return 'wait';
  }
  for (const message of kept.messages) {
    try {
      await ingestMessage(deps.ingest, channel, message);
      counts.stored++;
    } catch (error) {
      if (isTransientFailure(error)) return 'away';
      deps.log.error({ err: error, channelId, key: message.idempotencyKey }, 'inbound spool: a kept message was refused');
    }
  }
  // Receipts move a status forward only, so one applied twice (the file stored again after a crash) changes nothing.
  for (const receipt of kept.receipts) {
    try {
      await applyDeliveryUpdate(deps.ingest.database, channel.id, receipt);
      counts.stored++;
    } catch (error) {
      if (isTransientFailure(error)) return 'away';
      deps.log.error({ err: error, channelId, externalId: receipt.externalId }, 'inbound spool: a kept receipt was refused');
    }
  }
  return 'done';
}

/** JSON with the two kinds of value inbound messages and receipts hold that JSON does not: times and bytes. */
export function encodeSpooled(kept: Spooled): string {
  return JSON.stringify(kept, function (key, value) {
    const raw = (this as Record<string, unknown>)[key];
    if (raw instanceof Date) return { $date: raw.toISOString() };
    if (raw instanceof Uint8Array) return { $bytes: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64') };
    return value;
  });
}

/** A file's contents; a bare array is a file written before receipts were kept (messages only). */
export function decodeSpooled(text: string): Spooled {
  const kept = JSON.parse(text, (_key, value) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const keys = Object.keys(value);
      if (keys.length === 1 && typeof value.$date === 'string') return new Date(value.$date);
      if (keys.length === 1 && typeof value.$bytes === 'string') return new Uint8Array(Buffer.from(value.$bytes, 'base64'));
    }
    return value;
  }) as Spooled | InboundMessage[];
  return Array.isArray(kept) ? { messages: kept, receipts: [] } : { messages: kept.messages ?? [], receipts: kept.receipts ?? [] };
}
