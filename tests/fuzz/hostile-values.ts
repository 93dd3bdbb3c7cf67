// Values chosen to break servers: wrong types, huge and deep values, NUL, lone surrogates, prototype keys, forged cursors and ids.
import fc from 'fast-check';

const HUGE = 'x'.repeat(70_000);
const OVER_BODY_LIMIT = 'y'.repeat(1_100_000);
const deep = (levels: number, open: string, close: string) => JSON.parse(open.repeat(levels) + '1' + close.repeat(levels));
const DEEP_ARRAY = deep(200, '[', ']');
const DEEP_OBJECT = deep(5_000, '{"a":', '}');
const PROTO = JSON.parse('{"__proto__":{"isAdmin":true,"roles":["admin"]},"constructor":{"prototype":{"polluted":1}},"prototype":{}}');

/** Any UTF-16 code unit, lone surrogates and NUL included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udc00y',
    '\udbff\udbff',
    '😀\ud83d',
    '\u202e\u200b\ufeff',
    "' or 1=1 --",
    '"; drop table users; --',
    '{{constructor.constructor}}',
    '${7*7}',
    '../../etc/passwd',
    '%00',
    '%',
    'null',
    'true',
    '-1',
    '1e309',
    'NaN',
    '__proto__',
    'constructor',
    '0000-01-01T00:00:00Z',
    '99999-01-01',
    '-001000-01-01T00:00:00Z',
    '2026-02-30T25:61:00Z',
    '00000000-0000-0000-0000-000000000000',
    '00000000-0000-4000-8000-000000000000\u0000',
    'not-a-uuid',
    '<script>alert(1)</script>',
    'İıŞş',
    HUGE,
  ),
  fc.string({ unit: codeUnit, maxLength: 40 }),
);

const hostileNumber = fc.constantFrom(0, -1, -0, 0.5, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e308, -1e308, 5e-324);

/** A JSON value of any shape that a schema did not ask for. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 2, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null, [], {}) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      DEEP_ARRAY,
      DEEP_OBJECT,
      PROTO,
      Array.from({ length: 10_000 }, (_, i) => i),
      [HUGE, HUGE],
    ),
  },
  { weight: 2, arbitrary: fc.array(hostileString, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor')), hostileString, { maxKeys: 3 }) },
);

/** Every place in a JSON value a mutation can hit: [] is the value itself. */
function pathsOf(value: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  out.push(prefix);
  if (value && typeof value === 'object' && prefix.length < 12) {
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, Array.isArray(value) ? Number(k) : k], out);
  }
  return out;
}

/** `value` with the node at the `pick`-th path replaced, removed, or given prototype keys; the original is not touched. */
export function mutate(value: unknown, pick: number, how: 'replace' | 'remove' | 'proto', replacement: unknown): unknown {
  const copy = value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  const paths = pathsOf(copy);
  const path = paths[pick % paths.length]!;
  if (path.length === 0) return how === 'proto' && copy && typeof copy === 'object' ? { ...copy, ...PROTO } : replacement;
  let parent: any = copy;
  for (const step of path.slice(0, -1)) parent = parent[step];
  const last = path[path.length - 1]!;
  if (how === 'remove') Array.isArray(parent) ? parent.splice(Number(last), 1) : delete parent[last];
  else if (how === 'proto') parent[last] = parent[last] && typeof parent[last] === 'object' ? { ...parent[last], ...PROTO } : PROTO;
  else parent[last] = replacement;
  return copy;
}

/** A raw body no JSON parser should accept, or one at the edge of what it should. */
export const rawBody = fc.constantFrom('{"text":', '{', 'null', '[]', '"just a string"', '{"a":1}{"b":2}', '\u0000', '\ufeff{}', `{"text":"${OVER_BODY_LIMIT}"}`, '{"a":"\\ud800"}', '{"a\\u0000":1}');

const b64 = (parts: unknown) => Buffer.from(JSON.stringify(parts)).toString('base64url');

/** Cursors no list ever issued: wrong shape, wrong types, out-of-range dates, SQL in the id, not base64 at all. */
export const forgedCursor = fc.oneof(
  fc.constantFrom('!!!', '%00', 'e30', b64([]), b64([1e300]), b64([-1]), b64(['x']), b64([1.5]), b64(['0000-01-01T00:00:00.000Z', '00000000-0000-4000-8000-000000000000'])),
  fc.tuple(hostileValue, hostileValue).map(b64),
);

/** A path segment standing for an id: a real one, a random uuid, or something else entirely (raw, already URL-encoded). */
export function pathId(realIds: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: realIds.length ? fc.constantFrom(...realIds) : fc.uuid() },
    { weight: 2, arbitrary: fc.uuid() },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        'not-a-uuid',
        '%00',
        '%ED%A0%80',
        '%ZZ',
        '..',
        '%2e%2e%2f',
        '0',
        '-1',
        'x'.repeat(3000),
        '00000000-0000-4000-8000-000000000000%00',
        '__proto__',
        'constructor',
        'null',
      ),
    },
    { weight: 1, arbitrary: hostileString.map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, 'x'))) },
  );
}

/** A query-string value, raw (already encoded): plausible, hostile, or malformed percent-encoding. */
export function queryValue(plausible: fc.Arbitrary<unknown>, name: string): fc.Arbitrary<string> {
  const encode = (v: unknown) => encodeURIComponent(String(typeof v === 'object' ? JSON.stringify(v) : v).replace(/[\ud800-\udfff]/g, '\ufffd'));
  return fc.oneof(
    { weight: 3, arbitrary: plausible.map(encode) },
    { weight: 3, arbitrary: hostileString.map(encode) },
    { weight: 2, arbitrary: fc.constantFrom('%00', 'a%00b', '%ED%A0%80', '%', '%E0%A4%A', '%FF', '', 'x'.repeat(5000)) },
    { weight: name === 'cursor' ? 4 : 0, arbitrary: forgedCursor.map(encodeURIComponent) },
  );
}
