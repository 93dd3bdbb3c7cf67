// Writes server/http/openapi-responses.json: for every declared route (`route({ method, path, … }, handler)` in
// server/routes), the JSON Schema of what its handler answers, read from the TypeScript type the compiler infers for
// it — the same type the web app's API types come from — so the OpenAPI document's response schemas cannot drift
// from the code. `--check` compares instead of writing and fails when the file is stale (CI runs it).
//
//   bun scripts/openapi-responses.ts [--check]
import ts from 'typescript';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dir, '..');
const OUT = join(ROOT, 'server/http/openapi-responses.json');

type Schema = Record<string, unknown>;

const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
const program = ts.createProgram({ rootNames: config.fileNames.filter((f) => f.includes('/server/routes/')), options: config.options });
const checker = program.getTypeChecker();

function schemaOf(type: ts.Type, seen: Set<ts.Type>): Schema {
  const flags = type.flags;
  if (flags & ts.TypeFlags.Any || flags & ts.TypeFlags.Unknown) return {};
  if (flags & ts.TypeFlags.StringLiteral) return { type: 'string', const: (type as ts.StringLiteralType).value };
  if (flags & ts.TypeFlags.NumberLiteral) return { type: 'number', const: (type as ts.NumberLiteralType).value };
  if (flags & ts.TypeFlags.BooleanLiteral) return { type: 'boolean', const: checker.typeToString(type) === 'true' };
  if (flags & ts.TypeFlags.String || flags & ts.TypeFlags.TemplateLiteral) return { type: 'string' };
  if (flags & ts.TypeFlags.Number) return { type: 'number' };
  if (flags & ts.TypeFlags.BigInt) return { type: 'string' };
  if (flags & ts.TypeFlags.Boolean) return { type: 'boolean' };
  if (flags & ts.TypeFlags.Null) return { type: 'null' };
  if (flags & ts.TypeFlags.Undefined || flags & ts.TypeFlags.Void) return {};
  // A type that contains itself (a JSON value, a condition tree) is said to its first repeat, then left open.
  if (seen.has(type) || seen.size > 24) return {};
  if (type.isUnion()) return unionSchema(type.types, new Set(seen).add(type));
  if (type.isIntersection()) return objectSchema(type, seen);
  if (checker.isArrayType(type)) return { type: 'array', items: schemaOf(checker.getTypeArguments(type as ts.TypeReference)[0]!, new Set(seen).add(type)) };
  if (checker.isTupleType(type)) return { type: 'array', prefixItems: checker.getTypeArguments(type as ts.TypeReference).map((t) => schemaOf(t, new Set(seen).add(type))) };
  const name = type.getSymbol()?.getName();
  // JSON turns a Date into its ISO string.
  if (name === 'Date') return { type: 'string', format: 'date-time' };
  // Bytes (an image, a file) are not JSON: said as binary, not as the array type's members (whose symbol names the
  // compiler numbers anew with each change elsewhere, so the file went stale with every unrelated edit).
  if (name && BINARY.has(name)) return { type: 'string', format: 'binary' };
  if (flags & ts.TypeFlags.Object) return objectSchema(type, seen);
  return {};
}

const BINARY = new Set(['Uint8Array', 'ArrayBuffer', 'Buffer', 'Blob', 'ReadableStream']);

function unionSchema(types: ts.Type[], seen: Set<ts.Type>): Schema {
  // `undefined` members make a property optional (see objectSchema); `true | false` is boolean.
  const members = types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
  const booleans = members.filter((t) => t.flags & ts.TypeFlags.BooleanLiteral);
  const rest = members.filter((t) => !(t.flags & ts.TypeFlags.BooleanLiteral));
  const schemas = [...(booleans.length === 2 ? [{ type: 'boolean' }] : booleans.map((t) => schemaOf(t, seen))), ...rest.map((t) => schemaOf(t, seen))];
  if (schemas.length === 1) return schemas[0]!;
  const literals = schemas.filter((s) => 'const' in s && s.type === 'string');
  const others = schemas.filter((s) => !('const' in s && s.type === 'string'));
  const merged = [...(literals.length > 1 ? [{ type: 'string', enum: literals.map((s) => s.const) }] : literals), ...others];
  if (merged.length === 1) return merged[0]!;
  // `T | null` is the common case: said as a nullable type, not a choice of schemas.
  const nonNull = merged.filter((s) => s.type !== 'null');
  const only = nonNull[0];
  if (nonNull.length === 1 && only && typeof only.type === 'string') {
    // A nullable choice of values takes null among its values too.
    const { const: value, enum: values, ...rest } = only as Schema & { const?: unknown; enum?: unknown[] };
    return { ...rest, type: [only.type, 'null'], ...('const' in only ? { enum: [value, null] } : values ? { enum: [...values, null] } : {}) };
  }
  return { anyOf: dedupe(merged) };
}

function objectSchema(type: ts.Type, seen: Set<ts.Type>): Schema {
  // `{}` is TypeScript's "anything but null" (what `unknown ?? []` becomes), not an empty JSON object.
  if (checker.typeToString(type) === '{}') return {};
  const inner = new Set(seen).add(type);
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const property of checker.getPropertiesOfType(type)) {
    const declaration = property.valueDeclaration ?? property.declarations?.[0];
    if (!declaration) continue;
    const propertyType = checker.getTypeOfSymbolAtLocation(property, declaration);
    if (propertyType.getCallSignatures().length) continue; // methods do not reach JSON
    properties[property.getName()] = schemaOf(propertyType, inner);
    const optional = property.flags & ts.SymbolFlags.Optional || (propertyType.isUnion() && propertyType.types.some((t) => t.flags & ts.TypeFlags.Undefined));
    if (!optional) required.push(property.getName());
  }
  const index = checker.getIndexInfosOfType(type)[0];
  return {
    type: 'object',
    ...(Object.keys(properties).length ? { properties } : {}),
    ...(required.length ? { required } : {}),
    ...(index ? { additionalProperties: schemaOf(index.type, inner) } : {}),
  };
}

function dedupe(schemas: Schema[]): Schema[] {
  const out = new Map(schemas.map((s) => [JSON.stringify(s), s]));
  return [...out.values()];
}

/** The route's answer: the handler's return type, awaited, without a Response (a file, a stream, a redirect). */
function answerSchema(call: ts.CallExpression): Schema | undefined {
  const handler = call.arguments[1];
  if (!handler) return undefined;
  const signature = checker.getSignaturesOfType(checker.getTypeAtLocation(handler), ts.SignatureKind.Call)[0];
  if (!signature) return undefined;
  const awaited = checker.getAwaitedType(checker.getReturnTypeOfSignature(signature));
  if (!awaited) return undefined;
  const parts = (awaited.isUnion() ? awaited.types : [awaited]).flatMap((t) => {
    if (t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) return [];
    // Hono's `c.json(data)` is typed `Response & TypedResponse<data>`: its `_data` is the JSON.
    const data = checker.getPropertyOfType(t, '_data');
    if (data) return [checker.getTypeOfSymbol(data)];
    return isResponse(t) ? [] : [t];
  });
  if (parts.length === 0) return undefined;
  const schema = parts.length === 1 ? schemaOf(parts[0]!, new Set()) : unionSchema(parts, new Set());
  // A type the compiler cannot see through (`any`) says nothing: such a route is documented without a schema.
  return Object.keys(schema).length ? schema : undefined;
}

/** A Response, or Hono's typed one (`Response & TypedResponse<…>` from `c.json`, `c.body`): not a JSON answer of its own. */
function isResponse(type: ts.Type): boolean {
  return ['arrayBuffer', 'headers', 'status'].every((name) => checker.getPropertyOfType(type, name));
}

function stringProperty(object: ts.ObjectLiteralExpression, name: string): string | undefined {
  for (const p of object.properties) {
    if (ts.isPropertyAssignment(p) && p.name.getText() === name && ts.isStringLiteralLike(p.initializer)) return p.initializer.text;
  }
  return undefined;
}

/** The base path each `route` const was made with: `const route = defineRoutes(app, 'tag', '/api')`. */
function basesOf(file: ts.SourceFile): Map<string, string> {
  const bases = new Map<string, string>();
  const visit = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) && node.initializer && ts.isCallExpression(node.initializer) && node.initializer.expression.getText() === 'defineRoutes') {
      const base = node.initializer.arguments[2];
      bases.set(node.name.getText(), base && ts.isStringLiteralLike(base) ? base.text : '');
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return bases;
}

const answers: Record<string, Schema> = {};
for (const file of program.getSourceFiles()) {
  if (!file.fileName.includes('/server/routes/')) continue;
  const bases = basesOf(file);
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && bases.has(node.expression.text) && node.arguments[0] && ts.isObjectLiteralExpression(node.arguments[0])) {
      const method = stringProperty(node.arguments[0], 'method');
      const path = stringProperty(node.arguments[0], 'path');
      const schema = method && path !== undefined ? answerSchema(node) : undefined;
      if (method && path !== undefined && schema) answers[`${method} ${bases.get(node.expression.text)}${path}`] = schema;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
}

const sorted = Object.fromEntries(Object.entries(answers).sort(([a], [b]) => a.localeCompare(b)));
// One route per line: a change to one answer is a one-line diff.
const text = `{\n${Object.entries(sorted)
  .map(([key, schema]) => `${JSON.stringify(key)}: ${JSON.stringify(schema)}`)
  .join(',\n')}\n}\n`;
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(OUT, 'utf8');
  } catch {}
  if (current !== text) {
    console.error('server/http/openapi-responses.json is stale: run `bun scripts/openapi-responses.ts` and commit it');
    process.exit(1);
  }
  console.log(`openapi-responses.json is current (${Object.keys(sorted).length} routes)`);
} else {
  writeFileSync(OUT, text);
  console.log(`wrote ${OUT} (${Object.keys(sorted).length} routes, ${text.length} bytes)`);
}
