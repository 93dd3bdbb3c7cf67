// Declared custom attribute types: read them, and coerce a contact's attribute writes to them (or refuse in words).
import type { DbOrTx } from '../db/client.ts';
import { attributeDefinitions } from '../db/schema/index.ts';
import { coerceAttribute, type AttributeType } from '../../workflows/attributes/attribute-types.ts';

export type AttributeTypes = Record<string, AttributeType>;

/**
 * Without a prototype: attribute keys are the user's words, and every lookup by one (writes, segments, workflow
 * conditions) must find a declared type or nothing, never Object.prototype's `valueOf` or `constructor`.
 */
export async function loadAttributeTypes(db: DbOrTx): Promise<AttributeTypes> {
  const rows = await db.select({ key: attributeDefinitions.key, type: attributeDefinitions.type }).from(attributeDefinitions);
  return Object.assign(Object.create(null) as AttributeTypes, Object.fromEntries(rows.map((r) => [r.key, r.type])));
}

/**
 * Attribute values in their declared types; undeclared keys are kept as given (text stays text). `null` passes
 * through (it removes the attribute). The first value that does not read as its type gives the reason instead.
 */
export function coerceAttributes(
  values: Record<string, unknown>,
  types: AttributeTypes,
): { ok: true; values: Record<string, unknown> } | { ok: false; reason: string; field: string; type: AttributeType; value: string } {
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(values)) {
    const type = types[key];
    if (!type || raw === null) {
      out[key] = raw;
      continue;
    }
    const coerced = coerceAttribute(type, raw);
    if (!coerced.ok) return { ok: false, reason: `attribute "${key}" (${type}): ${coerced.reason}`, field: key, type, value: typeof raw === 'string' ? raw : JSON.stringify(raw) };
    out[key] = coerced.value;
  }
  return { ok: true, values: out };
}
