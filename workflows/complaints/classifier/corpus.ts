// The labelled complaint corpus as rows: its TSV form, and the fixed train/held-out split.

export type CorpusLabel = 'complaint' | 'not';
export type CorpusKind = 'explicit' | 'implicit' | 'question' | 'neutral' | 'praise';

export interface CorpusRow {
  text: string;
  language: 'tr' | 'en';
  label: CorpusLabel;
  kind: CorpusKind;
  domain: string;
  /** Variants written from one sentence share a group, so they land on the same side of the split. */
  group: string;
  origin: string;
}

const COLUMNS = ['text', 'language', 'label', 'kind', 'domain', 'group', 'origin'] as const;

export function formatCorpus(rows: CorpusRow[]): string {
  const clean = (v: string) => v.replace(/[\t\r\n]+/g, ' ');
  return [COLUMNS.join('\t'), ...rows.map((r) => COLUMNS.map((c) => clean(r[c])).join('\t'))].join('\n') + '\n';
}

export function parseCorpus(tsv: string): CorpusRow[] {
  const [header, ...lines] = tsv.split('\n').filter((l) => l.trim() !== '');
  if (header !== COLUMNS.join('\t')) throw new Error(`corpus header must be: ${COLUMNS.join(' ')}`);
  return lines.map((line, i) => {
    const cells = line.split('\t');
    if (cells.length !== COLUMNS.length) throw new Error(`corpus line ${i + 2} has ${cells.length} cells`);
    const row = Object.fromEntries(COLUMNS.map((c, k) => [c, cells[k]!])) as unknown as CorpusRow;
    if (row.label !== 'complaint' && row.label !== 'not') throw new Error(`corpus line ${i + 2}: label ${row.label}`);
    return row;
  });
}

/** FNV-1a: a stable hash, the same on every machine and run, so the split never moves. */
export function stableHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** One group in five is held out (20%). */
export function splitOf(group: string): 'train' | 'heldout' {
  return stableHash(group) % 5 === 0 ? 'heldout' : 'train';
}
