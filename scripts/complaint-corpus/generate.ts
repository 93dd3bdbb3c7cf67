// Writes workflows/complaints/corpus/complaints.tsv from the hand-written material (phrases-tr.json, phrases-en.json) and the older test sets.
// Run: bun scripts/complaint-corpus/generate.ts — deterministic (seeded), so the committed file can be regenerated.
import { readFileSync, writeFileSync } from 'node:fs';
import { createLexiconDetector } from '../../workflows/complaints/lexicon-detector.ts';
import { formatCorpus, type CorpusRow } from '../../workflows/complaints/classifier/corpus.ts';
import { DOMAINS, type Material, type MaterialKind } from './material.ts';

const VARIANTS: Record<MaterialKind, number> = { implicit: 3, explicit: 2, question: 3, neutral: 3, praise: 3 };
const root = new URL('../../workflows/complaints/', import.meta.url);
/** The hand-written sentences are data: one file per language, read by this one generator. */
const material = (language: 'tr' | 'en') => JSON.parse(readFileSync(new URL(`phrases-${language}.json`, import.meta.url), 'utf8')) as Material;

function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(15);
const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)]!;

const ASCII_TR: Record<string, string> = { ç: 'c', ğ: 'g', ı: 'i', ö: 'o', ş: 's', ü: 'u', Ç: 'C', Ğ: 'G', İ: 'I', Ö: 'O', Ş: 'S', Ü: 'U', â: 'a' };

/** How people actually type on a phone: some drop Turkish letters, capitals or the final full stop. */
function roughen(text: string, language: 'tr' | 'en'): string {
  let out = text;
  if (language === 'tr' && random() < 0.2) out = out.replace(/[çğıöşüÇĞİÖŞÜâ]/g, (ch) => ASCII_TR[ch] ?? ch);
  if (random() < 0.15) out = out.toLocaleLowerCase(language);
  if (random() < 0.2) out = out.replace(/\.$/, '');
  return out;
}

function fill(sentence: string, material: Material): string {
  return sentence.replace(/\{(\w+)\}/g, (_, slot: string) => pick(material.slots[slot] ?? [`{${slot}}`]));
}

function capitalise(text: string, language: 'tr' | 'en') {
  return text.charAt(0).toLocaleUpperCase(language) + text.slice(1);
}

/** After "Hi, " a sentence goes on in lower case ("Hi, the parcel…"), but English "I" stays; after "Hello. " it starts anew. */
function joinOpener(opener: string, body: string, language: 'tr' | 'en'): string {
  if (!opener.endsWith(', ')) return capitalise(body, language);
  if (language === 'en' && /^I[ ']/.test(body)) return body;
  return body.charAt(0).toLocaleLowerCase(language) + body.slice(1);
}

function generated(material: Material, language: 'tr' | 'en'): CorpusRow[] {
  const rows: CorpusRow[] = [];
  for (const domain of DOMAINS) {
    for (const [kind, sentences] of Object.entries(material.domains[domain]) as Array<[MaterialKind, string[]]>) {
      sentences.forEach((sentence, index) => {
        const group = `${language}-${domain}-${kind}-${index}`;
        const seen = new Set<string>();
        for (let v = 0; v < VARIANTS[kind] * 3 && seen.size < VARIANTS[kind]; v++) {
          const opener = v === 0 ? '' : pick(material.openers);
          const complaintLike = kind === 'implicit' || kind === 'explicit' || kind === 'neutral';
          const closer = v === 0 || !complaintLike ? '' : pick(material.closers);
          const body = fill(sentence, material);
          const text = roughen(fill(opener, material) + joinOpener(opener, body, language) + fill(closer, material), language);
          if (seen.has(text)) continue;
          seen.add(text);
          const label = kind === 'implicit' || kind === 'explicit' ? 'complaint' : 'not';
          rows.push({ text, language, label, kind, domain, group, origin: 'written' });
        }
      });
    }
  }
  return rows;
}

/** The detector's earlier hand-written test sets, kinds inferred: a complaint the lexicon misses is implicit. */
function earlierSets(): CorpusRow[] {
  const lexicon = createLexiconDetector();
  const files = ['labelled', 'heldout', 'heldout-2', 'heldout-3', 'heldout-4'];
  return files.flatMap((file) => {
    const rows = JSON.parse(readFileSync(new URL(`testdata/${file}.json`, root), 'utf8')) as Array<{ text: string; language: 'tr' | 'en'; complaint: boolean }>;
    return rows.map((row): CorpusRow => {
      const kind = row.complaint ? (lexicon.score(row.text, row.language).isComplaint ? 'explicit' : 'implicit') : row.text.trim().endsWith('?') ? 'question' : 'neutral';
      return { text: row.text, language: row.language, label: row.complaint ? 'complaint' : 'not', kind, domain: 'mixed', group: row.text, origin: `testdata/${file}` };
    });
  });
}

const all = [...generated(material('tr'), 'tr'), ...generated(material('en'), 'en'), ...earlierSets()];
const unique = [...new Map(all.map((r) => [r.text, r])).values()];
writeFileSync(new URL('corpus/complaints.tsv', root), formatCorpus(unique));
const count = (f: (r: CorpusRow) => boolean) => unique.filter(f).length;
console.log({ rows: unique.length, tr: count((r) => r.language === 'tr'), implicit: count((r) => r.kind === 'implicit'), complaints: count((r) => r.label === 'complaint') });
