// The workspace's model settings: read, saved (key sealed at rest), and shown without the key.
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { aiSettings, ASSIST_ROLES, type AssistRole } from '../db/schema/index.ts';
import { decryptJson, encryptJson } from '../lib/secret-box.ts';

export interface AiSettings {
  enabled: boolean;
  baseUrl: string;
  model: string;
  maskPii: boolean;
  /** Who may use the model: a user with any of these roles. */
  roles: AssistRole[];
  /** Decrypted; only ever sent to the model server. */
  apiKey?: string;
}

export interface AiSettingsInput {
  enabled: boolean;
  baseUrl: string;
  model: string;
  maskPii: boolean;
  /** Absent: keep the stored roles. */
  roles?: AssistRole[];
  /** Absent: keep the stored key; null or '': remove it. */
  apiKey?: string | null;
}

const OFF: AiSettings = { enabled: false, baseUrl: '', model: '', maskPii: true, roles: [...ASSIST_ROLES] };

export async function loadAiSettings(db: Db, secretKey: Buffer): Promise<AiSettings> {
  const [row] = await db.select().from(aiSettings).where(eq(aiSettings.id, 1));
  if (!row) return OFF;
  return {
    enabled: row.enabled,
    baseUrl: row.baseUrl,
    model: row.model,
    maskPii: row.maskPii,
    roles: row.roles,
    apiKey: row.apiKeySealed ? decryptJson<string>(secretKey, row.apiKeySealed) : undefined,
  };
}

export async function saveAiSettings(db: Db, secretKey: Buffer, input: AiSettingsInput, now: Date): Promise<void> {
  const values = { enabled: input.enabled, baseUrl: input.baseUrl, model: input.model, maskPii: input.maskPii, ...(input.roles ? { roles: input.roles } : {}), updatedAt: now };
  const key = input.apiKey === undefined ? {} : { apiKeySealed: input.apiKey ? encryptJson(secretKey, input.apiKey) : null };
  await db
    .insert(aiSettings)
    .values({ id: 1, ...values, ...key })
    .onConflictDoUpdate({ target: aiSettings.id, set: { ...values, ...key } });
}

/** Whether a user with these roles may use the model (it may still be off). */
export const mayUseModel = (settings: AiSettings, userRoles: readonly string[]) => settings.roles.some((role) => userRoles.includes(role));

/** What the API shows: the key only as a mask, never its characters. */
export function presentAiSettings(settings: AiSettings) {
  const { apiKey, ...rest } = settings;
  return { ...rest, apiKey: apiKey ? '********' : null, apiKeySet: Boolean(apiKey) };
}
