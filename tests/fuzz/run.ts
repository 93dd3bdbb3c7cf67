// `npm run test:fuzz`: every route in /api/openapi.json × every role (admin, agent, marketer, anonymous) gets generated bad
// requests. Fails when any answer is a 5xx, any 4xx changed a row, or a success answer does not match the response
// schema the document gives. Prints `fuzz_requests: N` and `fuzz_5xx: N`.
// FUZZ_RUNS (requests per route and role, default 6), FUZZ_SEED (reproduce a run), FUZZ_ONLY (paths containing this).
import fc from 'fast-check';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import { createTestApp } from '../support/test-app.ts';
import { operationsOf } from './operations.ts';
import { requestsFor, type FuzzRequest } from './requests.ts';
import { seedWorkspace } from './seed.ts';
import { installWriteLog } from './write-log.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 6);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const ONLY = process.env.FUZZ_ONLY;
const MAX_REPORTED = 30;

const started = performance.now();
const t = await createTestApp();
let lastError: unknown;
// The app logs a 5xx's cause at error level: keep it to report beside the request.
const log = t.services.log as unknown as { error: (obj: unknown, msg?: string) => void };
log.error = (obj: unknown) => {
  const err = (obj as { err?: unknown })?.err;
  if (err) lastError = err;
};

const seeded = await seedWorkspace(t);
// The value pass (RFM, CLV) runs in the background some seconds after orders change: started by an accepted request,
// its writes would land in the log of whichever request comes later (CI once saw rfm_segment_sizes "written" by a 403).
// Run it once now and keep it from being scheduled again; its own tests cover what it writes.
await t.services.valuePass.runNow();
t.services.valuePass.stop();
t.services.valuePass.changed = () => {};
const doc = await (await t.app.request('/api/openapi.json')).json();
const { operations, skipped } = operationsOf(doc);
const writes = await installWriteLog(t.database);

const failures: string[] = [];
let requests = 0;
let serverErrors = 0;
let changedBy4xx = 0;
let undocumentedAnswers = 0;
const ajv = new Ajv2020({ strict: false, validateFormats: false });
const validators = new Map<object, ValidateFunction>();
const statuses = new Map<number, number>();

function describe(role: string, req: FuzzRequest, status: number | string, extra: string) {
  const body = typeof req.body === 'string' ? req.body.slice(0, 300) : req.body ? '<multipart>' : '';
  return `${status} ${role} ${req.method} ${req.url.slice(0, 300)} ${body}\n      ${extra}`;
}

for (const [index, op] of operations.entries()) {
  if (ONLY && !op.path.includes(ONLY)) continue;
  for (const caller of seeded.callers) {
    const samples = fc.sample(requestsFor(op, seeded), { numRuns: RUNS, seed: SEED + index * 7 + seeded.callers.indexOf(caller) });
    for (const req of samples) {
      let request: Request;
      try {
        request = new Request(`http://ulak.test${req.url}`, { method: req.method, headers: { ...req.headers, ...caller.headers }, body: req.body });
      } catch {
        continue; // A URL no client could send (the fuzzer's own mistake), not a server answer.
      }
      requests++;
      lastError = undefined;
      const mark = await writes.mark();
      let status: number;
      try {
        const res = await t.app.request(request);
        status = res.status;
        const text = await res.text();
        const schema = op.answers[String(status)];
        if (schema && (res.headers.get('content-type') ?? '').startsWith('application/json')) {
          const validate = validators.get(schema) ?? validators.set(schema, ajv.compile(schema)).get(schema)!;
          if (!validate(JSON.parse(text))) {
            undocumentedAnswers++;
            failures.push(describe(caller.role, req, status, `the answer does not match its documented schema: ${ajv.errorsText(validate.errors).slice(0, 300)}`));
          }
        }
      } catch (error) {
        status = 599;
        lastError = error;
      }
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status >= 500) {
        serverErrors++;
        failures.push(
          describe(
            caller.role,
            req,
            status,
            String((lastError as Error)?.stack ?? lastError)
              .split('\n')
              .slice(0, 4)
              .join(' | '),
          ),
        );
      }
      if (status >= 400 && status < 500) {
        // Let fire-and-forget work the handler started settle before reading the log.
        await new Promise((r) => setTimeout(r, 0));
        const changed = await writes.tablesSince(mark);
        if (changed.length) {
          changedBy4xx++;
          failures.push(describe(caller.role, req, status, `a refused request wrote to: ${changed.join(', ')}`));
        }
      }
    }
  }
}

const seconds = (performance.now() - started) / 1000;
for (const f of failures.slice(0, MAX_REPORTED)) console.log(`  ${f}`);
if (failures.length > MAX_REPORTED) console.log(`  … and ${failures.length - MAX_REPORTED} more`);
console.log(`skipped: ${skipped.join('; ')}`);
console.log(
  `statuses: ${[...statuses]
    .sort((a, b) => a[0] - b[0])
    .map(([s, n]) => `${s}×${n}`)
    .join(' ')}`,
);
console.log(`fuzz_seed: ${SEED}`);
console.log(`fuzz_routes: ${operations.length}`);
console.log(`fuzz_requests: ${requests}`);
console.log(`fuzz_5xx: ${serverErrors}`);
console.log(`fuzz_4xx_changed_rows: ${changedBy4xx}`);
console.log(`fuzz_answers_off_schema: ${undocumentedAnswers}`);
console.log(`fuzz_seconds: ${seconds.toFixed(1)}`);
await t.close();
process.exit(serverErrors > 0 || changedBy4xx > 0 || undocumentedAnswers > 0 ? 1 : 0);
