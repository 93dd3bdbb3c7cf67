// Suggested segments: k-means over what each customer is worth, how long they have been quiet and where they write,
// then each cluster said back as a condition tree a marketer can read, save and edit ("spends over ₺5,000, quiet for
// 60+ days, writes on WhatsApp"). The size shown is the saved definition's own count, not the cluster's, so what the
// marketer sees is what the segment will hold.
import { sql } from 'drizzle-orm';
import { type ChannelKind, CHANNEL_KINDS } from '../../connectors/channel-kinds.ts';
import type { Condition, ConditionLeaf } from '../../workflows/conditions/schema.ts';
import { rowsOf, tsParam, type DbOrTx } from '../db/client.ts';
import { previewSegment } from '../segments/evaluate-segment.ts';

export interface SegmentSuggestion {
  description: string;
  size: number;
  definition: Condition;
}

interface Customer {
  spent: number;
  orders: number;
  /** Days since they last wrote (or, if never, since we first saw them). */
  quietDays: number;
  channel: ChannelKind | null;
}

/** Enough customers to find the shapes of a base of millions; clustering more only costs time. */
const SAMPLE = 20_000;
/** Tried from 2 to 6 clusters; the one whose clusters are best separated (mean silhouette) is kept. */
const MIN_CLUSTERS = 2;
const MAX_CLUSTERS = 6;
/** Silhouettes are computed on this many points: all pairs, so quadratic. */
const SILHOUETTE_SAMPLE = 600;
/** A channel names a cluster when at least this share of it writes there. */
const CHANNEL_SHARE = 0.7;

type Lang = 'tr' | 'en';
const WORDS: Record<Lang, Record<string, (x: string) => string>> = {
  en: {
    spendsOver: (x) => `spends over ${x}`,
    spendsUnder: (x) => `spends under ${x}`,
    neverBought: () => 'has never bought',
    ordersAtLeast: (x) => `${x}+ orders`,
    quietFor: (x) => `quiet for ${x}+ days`,
    activeWithin: (x) => `wrote in the last ${x} days`,
    writesOn: (x) => `writes on ${x}`,
  },
  tr: {
    spendsOver: (x) => `${x} üzeri harcama`,
    spendsUnder: (x) => `${x} altı harcama`,
    neverBought: () => 'hiç alışveriş yapmamış',
    ordersAtLeast: (x) => `${x}+ sipariş`,
    quietFor: (x) => `${x}+ gündür sessiz`,
    activeWithin: (x) => `son ${x} günde yazmış`,
    writesOn: (x) => `${x} üzerinden yazıyor`,
  },
};
const CHANNEL_NAMES: Record<ChannelKind, string> = { email: 'e-mail', sms: 'SMS', whatsapp: 'WhatsApp', telegram: 'Telegram', api: 'API' };

export async function suggestSegments(db: DbOrTx, options: { now: Date; currency: string; lang: Lang }): Promise<SegmentSuggestion[]> {
  const customers = await sampleCustomers(db, options.now);
  if (customers.length < MAX_CLUSTERS * 4) return [];
  const scaled = standardise(customers.map(featuresOf));
  const { clusters, k } = bestClustering(scaled, (await import('ml-kmeans')).kmeans);
  const members = Array.from({ length: k }, (_, c) => customers.filter((_, i) => clusters[i] === c));

  const seen = new Set<string>();
  const out: SegmentSuggestion[] = [];
  for (const group of members.filter((g) => g.length).sort((a, b) => b.length - a.length)) {
    const said = describeCluster(group, customers, options);
    if (!said.parts.length) continue;
    const definition: Condition = said.leaves.length === 1 ? said.leaves[0]! : { all: said.leaves };
    const key = JSON.stringify(definition);
    if (seen.has(key)) continue;
    seen.add(key);
    const { count } = await previewSegment(db, definition, options.now, 0);
    if (count) out.push({ description: capitalise(said.parts.join(', ')), size: count, definition });
  }
  return out;
}

async function sampleCustomers(db: DbOrTx, now: Date): Promise<Customer[]> {
  const rows = rowsOf<{ spent: string | null; orders: number | null; quiet_days: string; channel: string | null }>(
    await db.execute(sql`
      select v.total_spent as spent, v.orders, c.last_channel_kind as channel,
        greatest(0, extract(epoch from (${tsParam(now)}::timestamptz - coalesce(c.last_inbound_at, c.first_seen_at))) / 86400) as quiet_days
      from contacts c left join contact_value v on v.contact_id = c.id
      where c.erased_at is null
      order by md5(c.id::text)
      limit ${SAMPLE}`),
  );
  return rows.map((r) => ({
    spent: Number(r.spent ?? 0),
    orders: Number(r.orders ?? 0),
    quietDays: Number(r.quiet_days),
    channel: (CHANNEL_KINDS as readonly string[]).includes(r.channel ?? '') ? (r.channel as ChannelKind) : null,
  }));
}

/** Money and counts on a log scale (₺100 → ₺1,000 matters as much as ₺1,000 → ₺10,000); each channel a 0/1 column. */
function featuresOf(c: Customer): number[] {
  return [Math.log1p(c.spent), Math.log1p(c.orders), Math.log1p(c.quietDays), ...CHANNEL_KINDS.map((k) => (c.channel === k ? 1 : 0))];
}

function standardise(points: number[][]): number[][] {
  const dims = points[0]!.length;
  const mean = Array.from({ length: dims }, (_, d) => points.reduce((s, p) => s + p[d]!, 0) / points.length);
  const sd = Array.from({ length: dims }, (_, d) => Math.sqrt(points.reduce((s, p) => s + (p[d]! - mean[d]!) ** 2, 0) / points.length) || 1);
  return points.map((p) => p.map((x, d) => (x - mean[d]!) / sd[d]!));
}

/** `kmeans` is passed in because its library (ml-kmeans and its matrix code) is loaded only when suggestions are asked for. */
function bestClustering(points: number[][], kmeans: typeof import('ml-kmeans').kmeans): { clusters: number[]; k: number } {
  let best = { clusters: [] as number[], k: 0, score: -Infinity };
  for (let k = MIN_CLUSTERS; k <= MAX_CLUSTERS; k++) {
    const { clusters } = kmeans(points, k, { seed: 42, initialization: 'kmeans++' });
    const score = meanSilhouette(points, clusters, k);
    if (score > best.score + 1e-9) best = { clusters, k, score };
  }
  return best;
}

/** Rousseeuw's silhouette: how much closer each point is to its own cluster than to the nearest other one. */
function meanSilhouette(points: number[][], clusters: number[], k: number): number {
  const step = Math.max(1, Math.floor(points.length / SILHOUETTE_SAMPLE));
  const idx = points.map((_, i) => i).filter((i) => i % step === 0);
  const dist = (a: number[], b: number[]) => Math.sqrt(a.reduce((s, x, d) => s + (x - b[d]!) ** 2, 0));
  let total = 0;
  for (const i of idx) {
    const sum = new Array<number>(k).fill(0);
    const n = new Array<number>(k).fill(0);
    for (const j of idx) {
      if (i === j) continue;
      sum[clusters[j]!]! += dist(points[i]!, points[j]!);
      n[clusters[j]!]!++;
    }
    const own = clusters[i]!;
    if (!n[own]) continue;
    const a = sum[own]! / n[own]!;
    const b = Math.min(...sum.map((x, c) => (c === own || !n[c] ? Infinity : x / n[c]!)));
    total += b === Infinity ? 0 : (b - a) / Math.max(a, b);
  }
  return total / idx.length;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.floor(q * (s.length - 1))))]!;
}

/** A threshold people would write: 4,873 → 4,500 (down) or 5,000 (up), 37 → 35 / 40. */
export function roundNicely(x: number, direction: 'down' | 'up'): number {
  if (x <= 0) return 0;
  const step = 10 ** Math.floor(Math.log10(x)) / 2;
  return direction === 'down' ? Math.max(step, Math.floor(x / step) * step) : Math.ceil(x / step) * step;
}

/**
 * Says what sets a cluster apart from everyone: a figure goes into the description when the cluster's median lies in
 * the top (or bottom) 40% of the base; the threshold is the cluster's own 5th (or 95th) percentile, rounded, so the
 * definition keeps nearly all of the cluster.
 */
function describeCluster(group: Customer[], all: Customer[], options: { currency: string; lang: Lang }) {
  const w = WORDS[options.lang];
  const leaves: ConditionLeaf[] = [];
  const parts: string[] = [];
  const money = new Intl.NumberFormat(options.lang, { style: 'currency', currency: options.currency, currencyDisplay: 'narrowSymbol', maximumFractionDigits: 0 });
  const figure = (of: (c: Customer) => number) => {
    const mine = group.map(of);
    const base = all.map(of);
    return { low: quantile(mine, 0.05), median: quantile(mine, 0.5), high: quantile(mine, 0.95), top: quantile(base, 0.6), bottom: quantile(base, 0.4) };
  };
  const spent = figure((c) => c.spent);
  if (spent.high === 0) {
    leaves.push({ field: 'contact.orders', op: 'eq', value: 0 });
    parts.push(w.neverBought!(''));
  } else if (spent.low > 0 && spent.median >= spent.top) {
    const at = roundNicely(spent.low, 'down');
    leaves.push({ field: 'contact.totalSpent', op: 'gte', value: at });
    parts.push(w.spendsOver!(money.format(at)));
  } else if (spent.low > 0 && spent.median <= spent.bottom) {
    const at = roundNicely(spent.high, 'up');
    leaves.push({ field: 'contact.totalSpent', op: 'lte', value: at }, { field: 'contact.orders', op: 'gt', value: 0 });
    parts.push(w.spendsUnder!(money.format(at)));
  }
  const orders = figure((c) => c.orders);
  if (orders.low >= 3 && orders.median > orders.top) {
    leaves.push({ field: 'contact.orders', op: 'gte', value: orders.low });
    parts.push(w.ordersAtLeast!(String(orders.low)));
  }
  const quiet = figure((c) => c.quietDays);
  if (quiet.low >= 14 && quiet.median >= quiet.top) {
    const days = roundNicely(quiet.low, 'down');
    leaves.push({ field: 'contact.lastInboundAt', op: 'more_than_days_ago', value: days });
    parts.push(w.quietFor!(String(days)));
  } else if (quiet.median <= quiet.bottom) {
    const days = Math.max(1, Math.ceil(roundNicely(quiet.high, 'up')));
    leaves.push({ field: 'contact.lastInboundAt', op: 'within_last_days', value: days });
    parts.push(w.activeWithin!(String(days)));
  }
  for (const kind of CHANNEL_KINDS) {
    if (group.filter((c) => c.channel === kind).length >= CHANNEL_SHARE * group.length) {
      leaves.push({ field: 'contact.lastInboundChannel', op: 'eq', value: kind });
      parts.push(w.writesOn!(CHANNEL_NAMES[kind]));
    }
  }
  return { leaves, parts };
}

const capitalise = (s: string) => s.charAt(0).toLocaleUpperCase() + s.slice(1);
