// Generated bad requests for one operation: its path ids, query string and body, each plausible, mutated or hostile.
import fc from 'fast-check';
import { sign } from '../../connectors/signature.ts';
import type { Operation } from './operations.ts';
import { valueFor } from './schema-values.ts';
import { hostileString, hostileValue, mutate, pathId, queryValue, rawBody } from './hostile-values.ts';
import type { Seeded } from './seed.ts';

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | FormData;
}

const PRESETS = ['birthday', 'reactivation', 'complaint', 'satisfaction'];
const WEBHOOK_KINDS = ['twilio', 'sms', 'telegram', 'whatsapp', 'email', 'api'];

/** A JSON body: plausible (may succeed), plausible with one node broken, or hostile throughout. */
function jsonBody(op: Operation, seeded: Seeded): fc.Arbitrary<string | undefined> {
  const all = Object.values(seeded.ids).flat();
  if (op.body?.kind !== 'json') return fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: hostileValue.map((v) => JSON.stringify(v)) });
  const schema = op.body.schema;
  const plausible = valueFor(schema, { root: schema, ids: all });
  const mutated = fc
    .tuple(plausible, fc.nat(), fc.constantFrom('replace', 'replace', 'replace', 'remove', 'proto') as fc.Arbitrary<'replace' | 'remove' | 'proto'>, hostileValue)
    .map(([v, pick, how, replacement]) => JSON.stringify(mutate(v, pick, how, replacement)) ?? 'null');
  return fc.oneof(
    { weight: 2, arbitrary: plausible.map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 6, arbitrary: mutated },
    { weight: 1, arbitrary: hostileValue.map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 1, arbitrary: rawBody },
  );
}

/** An upload: a file with a hostile name and type, a text field instead of a file, or no form at all. */
function multipartBody(field: string): fc.Arbitrary<FormData | string> {
  return fc.oneof(
    fc.tuple(hostileString, hostileString, fc.constantFrom(new Uint8Array([0, 1, 2]), new TextEncoder().encode('%PDF-1.4'), new Uint8Array())).map(([name, type, content]) => {
      const form = new FormData();
      form.set(field, new File([content], name, { type: type.replace(/[^\x20-\x7e]/g, '') }));
      return form;
    }),
    hostileString.map((value) => {
      const form = new FormData();
      form.set(field, value);
      return form;
    }),
    fc.constant('{"file":"not a form"}'),
  );
}

function segmentFor(op: Operation, name: string, seeded: Seeded): fc.Arbitrary<string> {
  const resource = op.path.split('/')[2] ?? '';
  if (name === 'kind') return fc.oneof(fc.constantFrom(...WEBHOOK_KINDS), pathId([]));
  if (name === 'name') return fc.oneof(fc.constantFrom(...PRESETS), pathId([]));
  if (name === 'channelId') return pathId(seeded.ids.channels ?? []);
  return pathId(seeded.ids[resource] ?? []);
}

function queryString(op: Operation, seeded: Seeded): fc.Arbitrary<string> {
  const all = Object.values(seeded.ids).flat();
  const params = op.query.map((q) =>
    fc.option(
      queryValue(valueFor(q.schema, { root: q.schema, ids: all }), q.name).map((v) => `${q.name}=${v}`),
      { freq: 3 },
    ),
  );
  const extra = fc.option(fc.constantFrom('__proto__[x]=1', 'constructor=1', 'limit=1&limit=2', 'q=%00', '%00=%00', '%ZZ'), { freq: 4 });
  return fc.tuple(fc.tuple(...params), extra).map(([ps, e]) => [...ps, e].filter((p): p is string => Boolean(p)).join('&'));
}

export function requestsFor(op: Operation, seeded: Seeded): fc.Arbitrary<FuzzRequest> {
  const segments = fc.tuple(...op.pathParams.map((p) => segmentFor(op, p, seeded)));
  const body = op.body?.kind === 'multipart' ? multipartBody(op.body.field) : jsonBody(op, seeded);
  const contentType = fc.constantFrom('application/json', 'application/json', 'application/json', 'text/plain', 'application/json; charset=latin1', '');
  return fc.tuple(segments, queryString(op, seeded), body, contentType, fc.boolean()).map(([values, query, b, type, signIt]) => {
    let path = op.path;
    op.pathParams.forEach((p, i) => (path = path.replace(`{${p}}`, values[i]!)));
    const headers: Record<string, string> = {};
    if (typeof b === 'string' && type) headers['content-type'] = type;
    // Sign API-channel traffic for the real channel half the time, so bodies get past the signature into ingest.
    if (typeof b === 'string' && signIt && path.startsWith(`/api/channels/${seeded.apiChannel.id}/`)) headers['x-ulak-signature'] = sign(seeded.apiChannel.secret, b);
    return { method: op.method, url: query ? `${path}?${query}` : path, headers, body: b };
  });
}
