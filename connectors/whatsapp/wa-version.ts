// The WhatsApp Web version a socket announces: WhatsApp refuses aged versions (close code 405), so ask
// web.whatsapp.com for the current one now and then, and fall back to the version Baileys ships.
import { fetchLatestWaWebVersion, type WAVersion } from '@whiskeysockets/baileys';

export type ResolveVersion = () => Promise<WAVersion | undefined>;

type FetchVersion = (options: RequestInit) => Promise<{ version: WAVersion; isLatest: boolean }>;

/** Memoized for `ttlMs`; a failed lookup is not remembered, so the next socket asks again. */
export function latestWaWebVersion(options: { ttlMs?: number; timeoutMs?: number; now?: () => number; fetchVersion?: FetchVersion } = {}): ResolveVersion {
  const { ttlMs = 6 * 3600_000, timeoutMs = 10_000, now = Date.now, fetchVersion = fetchLatestWaWebVersion } = options;
  let cached: { version: WAVersion; at: number } | undefined;
  return async () => {
    if (cached && now() - cached.at < ttlMs) return cached.version;
    const { version, isLatest } = await fetchVersion({ signal: AbortSignal.timeout(timeoutMs) });
    if (!isLatest) return undefined; // Baileys' own default then applies
    cached = { version, at: now() };
    return version;
  };
}
