// The workspace's model settings: read, saved (key sealed at rest), and shown without the key.
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { aiSettings } from '../db/schema/index.ts';
import { decryptJson, encryptJson } from '../lib/secret-box.ts';

export interface AiSettings {
  enabled: boolean;
  baseUrl: string;
  model: string;
  maskPii: boolean;
  /** Decrypted; only ever sent to the model server. */
  apiKey?: string;
}

export interface AiSettingsInput {
  enabled: boolean;
  baseUrl: string;
  model: string;
  maskPii: boolean;
  /** Absent: keep the stored key; null or '': remove it. */
  apiKey?: string | null;
}

const OFF: AiSettings = { enabled: false, baseUrl: '', model: '', maskPii: true };

export async function loadAiSettings(db: Db, secretKey: Buffer): Promise<AiSettings> {
  const [row] = await db.select().from(aiSettings).where(eq(aiSettings.id, 1));
  if (!row) return OFF;
  return { enabled: row.enabled, baseUrl: row.baseUrl, model: row.model, maskPii: row.maskPii, apiKey: row.apiKeySealed ? decryptJson<string>(secretKey, row.apiKeySealed) : undefined };
}

export async function saveAiSettings(db: Db, secretKey: Buffer, input: AiSettingsInput, now: Date): Promise<void> {
  const values = { enabled: input.enabled, baseUrl: input.baseUrl, model: input.model, maskPii: input.maskPii, updatedAt: now };
  const key = input.apiKey === undefined ? {} : { apiKeySealed: input.apiKey ? encryptJson(secretKey, input.apiKey) : null };
  await db
    .insert(aiSettings)
    .values({ id: 1, ...values, ...key })
    .onConflictDoUpdate({ target: aiSettings.id, set: { ...values, ...key } });
}

/** What the API shows: the key only as a mask, never its characters. */
export function presentAiSettings(settings: AiSettings) {
  const { apiKey, ...rest } = settings;
  return { ...rest, apiKey: apiKey ? '********' : null, apiKeySet: Boolean(apiKey) };
}
