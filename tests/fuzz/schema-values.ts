// Plausible values for a JSON Schema (as zod's toJSONSchema writes them), so a mutated body gets past the first field
// and reaches the handler's deeper checks, its SQL and its constraints.
import fc from 'fast-check';
import type { JsonSchema } from './operations.ts';

/** Recursive schemas (condition trees, workflow branches) stop nesting past this many `$ref` hops. */
const MAX_REF_DEPTH = 3;
const MIN_DATE = new Date('2000-01-01T00:00:00Z');
const MAX_DATE = new Date('2040-01-01T00:00:00Z');

export interface ValueContext {
  /** The schema that holds `$defs`. */
  root: JsonSchema;
  /** Ids of rows that exist, so `uuid` fields sometimes name a real user, channel, contact… */
  ids: string[];
}

export function valueFor(schema: JsonSchema | undefined, ctx: ValueContext, refDepth = 0): fc.Arbitrary<unknown> {
  if (!schema || typeof schema !== 'object' || Object.keys(schema).filter((k) => k !== '$schema').length === 0) return fc.jsonValue({ maxDepth: 2 });
  if (schema.$ref) {
    const name = String(schema.$ref).split('/').pop()!;
    const target = ctx.root.$defs?.[name];
    if (!target || refDepth >= MAX_REF_DEPTH) return leafOf(target, ctx);
    return valueFor(target, ctx, refDepth + 1);
  }
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return fc.oneof(...options.map((o: JsonSchema) => valueFor(o, ctx, refDepth)));
  if (schema.allOf?.length) return valueFor(schema.allOf[0], ctx, refDepth);
  if (Array.isArray(schema.type)) return fc.oneof(...schema.type.map((type: string) => valueFor({ ...schema, type }, ctx, refDepth)));
  switch (schema.type) {
    case 'string':
      return stringFor(schema, ctx);
    case 'integer':
      return fc.integer({ min: Math.max(schema.minimum ?? -1000, -1e9), max: Math.min(schema.maximum ?? 1000, 1e9) });
    case 'number':
      return fc.double({ min: Math.max(schema.minimum ?? -1000, -1e9), max: Math.min(schema.maximum ?? 1000, 1e9), noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(valueFor(schema.items, ctx, refDepth), { minLength: schema.minItems ?? 0, maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3)) });
    case 'object':
      return objectFor(schema, ctx, refDepth);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function stringFor(schema: JsonSchema, ctx: ValueContext): fc.Arbitrary<string> {
  switch (schema.format) {
    case 'uuid':
      return ctx.ids.length ? fc.oneof(fc.constantFrom(...ctx.ids), fc.uuid()) : fc.uuid();
    case 'email':
      return fc.emailAddress();
    case 'date-time':
      return fc.date({ min: MIN_DATE, max: MAX_DATE, noInvalidDate: true }).map((d) => d.toISOString());
    case 'date':
      return fc.date({ min: MIN_DATE, max: MAX_DATE, noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    case 'uri':
      return fc.webUrl();
  }
  if (schema.pattern) {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= (schema.maxLength ?? 200));
    } catch {
      // A pattern fast-check cannot invert (unicode classes): plain strings will do.
    }
  }
  const minLength = schema.minLength ?? 0;
  return fc.string({ minLength, maxLength: Math.max(minLength, Math.min(schema.maxLength ?? 20, 20)) });
}

function objectFor(schema: JsonSchema, ctx: ValueContext, refDepth: number): fc.Arbitrary<unknown> {
  const properties: Record<string, JsonSchema> = schema.properties ?? {};
  if (!Object.keys(properties).length) {
    if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
      return fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), valueFor(schema.additionalProperties, ctx, refDepth), { maxKeys: 3 });
    }
    return fc.jsonValue({ maxDepth: 2 }).map((v) => (v && typeof v === 'object' && !Array.isArray(v) ? v : {}));
  }
  const model = Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, valueFor(s, ctx, refDepth)]));
  return fc.record(model, { requiredKeys: schema.required ?? [] });
}

/** The smallest value for a schema, where recursion must stop: the last non-recursive option, else an empty object. */
function leafOf(schema: JsonSchema | undefined, ctx: ValueContext): fc.Arbitrary<unknown> {
  const options: JsonSchema[] = schema?.anyOf ?? schema?.oneOf ?? [];
  const flat = options.filter((o) => !JSON.stringify(o).includes('$ref'));
  return flat.length ? valueFor(flat[flat.length - 1], ctx, MAX_REF_DEPTH) : fc.constant({});
}
