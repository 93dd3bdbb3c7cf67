// The operations to fuzz, read from the app's own /api/openapi.json: method, path template, parameters, body schema, roles.

export type JsonSchema = Record<string, any>;

export interface Operation {
  method: string;
  /** OpenAPI template, e.g. `/api/conversations/{id}/messages`. */
  path: string;
  pathParams: string[];
  query: Array<{ name: string; schema: JsonSchema }>;
  /** The JSON body's schema (with its own `$defs`), or `multipart` with the file field. */
  body?: { kind: 'json'; schema: JsonSchema } | { kind: 'multipart'; field: string };
  /** `x-roles`, 'user' for any signed-in user, or 'public'. */
  access: string[] | 'user' | 'public';
  /** The documented answer's JSON Schema by success status, where the document gives one. */
  answers: Record<string, JsonSchema>;
}

/** Routes a request/response fuzzer cannot drive, each with its reason. */
const SKIPPED: Record<string, string> = {
  // Server-Sent Events: the response never ends, so there is no status to judge beyond the 200 it opens with.
  'GET /api/events': 'streams',
  // Ends the fuzzing role's own session; every later request of that role would then only test 401.
  'POST /api/auth/logout': 'ends the session under test',
  // These call the provider or model the stored settings name; a generated host could be anywhere, and a test never
  // reaches an outside host. Their refusals are covered by their own tests against local peers.
  'POST /api/channels/{id}/activate': 'calls the provider',
  'POST /api/channels/{id}/test': 'connects to the configured servers',
  'PUT /api/workspace/ai': 'would point assistance at a generated host',
  'POST /api/workspace/ai/test': 'calls the model endpoint',
  'POST /api/conversations/{id}/assist': 'calls the model endpoint',
  'POST /api/campaigns/{id}/test-send': 'sends through the channel to the given address',
};

export function operationsOf(doc: { paths: Record<string, Record<string, any>> }): { operations: Operation[]; skipped: string[] } {
  const operations: Operation[] = [];
  const skipped: string[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const key = `${method.toUpperCase()} ${path}`;
      if (SKIPPED[key]) {
        skipped.push(`${key} (${SKIPPED[key]})`);
        continue;
      }
      const params: any[] = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      const multipart = content['multipart/form-data']?.schema;
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        query: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        body: content['application/json']
          ? { kind: 'json', schema: content['application/json'].schema }
          : multipart
            ? { kind: 'multipart', field: Object.keys(multipart.properties ?? { file: 1 })[0]! }
            : undefined,
        answers: Object.fromEntries(
          Object.entries(op.responses ?? {}).flatMap(([status, response]: [string, any]) => {
            const schema = response?.content?.['application/json']?.schema;
            return status !== 'default' && schema ? [[status, schema]] : [];
          }),
        ),
        access: Array.isArray(op.security) && op.security.length === 0 ? 'public' : op['x-roles'] === 'user' ? 'user' : (op['x-roles'] ?? 'user'),
      });
    }
  }
  return { operations, skipped };
}
