// CI's bench smoke: `npm run bench` at small sizes must run to its end and print every figure with a number, on PGlite
// or on the server DATABASE_URL names; `--large` runs the large mode at a tiny factor instead. No figure is compared
// with a target: targets are for the full sizes on a quiet machine (docs/benchmarks.md). A full run once stopped
// half-way (its agent replies went to a channel that cannot send) while every part run alone passed.
const FIGURES = [
  'idle_rss_mb',
  'idle_rss_file_mb',
  'idle_rss_first_start_mb',
  'ingest_msgs_per_s',
  'raw_insert_rows_per_s',
  'ingest_vs_raw_ratio',
  'seed_s',
  'list_p50_ms',
  'list_p99_ms',
  'search_p95_ms',
  'suggest_p95_ms',
  'contacts_import_rows_per_s',
  'bench_conversations',
  'bench_messages',
  'segment_count_ms',
  'campaign_send_msgs_per_s',
  'campaign_throttle_msgs_per_s',
  'campaign_throttle_error_pct',
  'reply_latency_during_campaign_p99_ms',
  'orders_import_rows_per_s',
  'rfm_recompute_ms',
  'clv_fit_ms',
  'value_segment_count_ms',
  'analytics_reads_ms',
];
const LARGE_FIGURES = ['seed_large_s', 'bench_contacts', 'bench_messages', 'list_p50_ms', 'list_p99_ms', 'search_p95_ms', 'segment_count_ms', 'db_size_mb'];

const SMALL = {
  BENCH_INGEST: '1000',
  BENCH_CONVERSATIONS: '1000',
  BENCH_CAMPAIGN: '500',
  BENCH_IMPORT_ROWS: '1000',
  BENCH_VALUE_CONTACTS: '300',
  BENCH_VALUE_ORDERS: '1000',
};
const large = process.argv.includes('--large');
const env = { ...process.env, ...(large ? { BENCH_SCALE: 'large', BENCH_LARGE_FACTOR: '0.001' } : SMALL), BENCH_ONLY: undefined };
const expected = large ? LARGE_FIGURES : FIGURES;

const child = Bun.spawn([process.execPath, new URL('./run.ts', import.meta.url).pathname], { env, stdout: 'pipe', stderr: 'pipe' });
const limit = setTimeout(() => child.kill('SIGKILL'), 15 * 60_000);
const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
clearTimeout(limit);

const printed = new Map<string, number>();
for (const match of stdout.matchAll(/^([a-z][a-z_0-9]*): (\S+) /gm)) printed.set(match[1]!, Number(match[2]));
const missing = expected.filter((name) => !Number.isFinite(printed.get(name)));
const kind = process.env.DATABASE_URL ? 'Postgres' : 'PGlite';
if (code !== 0 || missing.length) {
  console.error(`bench smoke (${kind}${large ? ', large mode' : ''}) failed: exit code ${code}; ${missing.length ? `no number for ${missing.join(', ')}` : 'every figure printed'}`);
  console.error((stdout + stderr).split('\n').slice(-40).join('\n'));
  process.exit(1);
}
console.log(`bench smoke (${kind}${large ? ', large mode' : ''}): ${expected.length} figures printed`);
console.log([...printed].map(([name, value]) => `${name}: ${value}`).join('\n'));
