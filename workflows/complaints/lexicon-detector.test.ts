import { describe, expect, it } from 'vitest';
import { detectLanguage } from './detect-language.ts';
import { createLexiconDetector } from './lexicon-detector.ts';
import heldout4 from './testdata/heldout-4.json' with { type: 'json' };
import labelled from './testdata/labelled.json' with { type: 'json' };

type Row = { text: string; language: string; complaint: boolean };

function measure(rows: Row[]) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let languageRight = 0;
  for (const row of rows) {
    const result = detector.score(row.text);
    if (result.language === row.language) languageRight++;
    if (result.isComplaint && row.complaint) tp++;
    else if (result.isComplaint) fp++;
    else if (row.complaint) fn++;
  }
  return { precision: tp / (tp + fp), recall: tp / (tp + fn), languageAccuracy: languageRight / rows.length };
}

const detector = createLexiconDetector();
const isComplaint = (text: string) => detector.score(text).isComplaint;

describe('lexicon complaint detector', () => {
  it('flags strong Turkish complaints whatever the suffix', () => {
    expect(isComplaint('Tam bir rezaletsiniz')).toBe(true);
    expect(isComplaint('Şikâyetçiyim, ürün bozuk')).toBe(true);
    expect(isComplaint('siparisim hala gelmedi')).toBe(true);
  });

  it('reads Turkish negation: a negated negative is not a complaint, a negated positive is', () => {
    expect(isComplaint('Kötü değil')).toBe(false);
    expect(isComplaint('Memnun değilim')).toBe(true);
    expect(isComplaint('Hiç memnun değilim')).toBe(true);
    expect(detector.score('Hiç memnun değilim').score).toBeGreaterThan(detector.score('Memnun değilim').score);
  });

  it('reads English negation and intensifiers', () => {
    expect(isComplaint('Not bad')).toBe(false);
    expect(isComplaint('I am not happy')).toBe(true);
    expect(isComplaint("It doesn't work")).toBe(true);
    expect(detector.score('I am extremely disappointed').score).toBeGreaterThan(detector.score('I am disappointed').score);
  });

  it('does not count a hypothetical clause', () => {
    expect(isComplaint("Please cancel it if it hasn't shipped yet")).toBe(false);
    expect(isComplaint('Kargoya verilmediyse iptal edebilir misiniz')).toBe(false);
  });

  it('says why, and in which language', () => {
    const result = detector.score('Ürün kırık geldi ve kimse ilgilenmiyor');
    expect(result.language).toBe('tr');
    expect(result.matched).toEqual(expect.arrayContaining(['kırık', 'not(ilgilen)']));
  });

  it('tells Turkish from English', () => {
    expect(detectLanguage('Siparisim nerede, hala gelmedi')).toBe('tr');
    expect(detectLanguage('Where is my order?')).toBe('en');
    expect(detectLanguage('anything', 'tr-TR')).toBe('tr');
  });

  it('reads a message with no telling words in the language whose lexicon finds a complaint in it', () => {
    expect(detector.score('Rezalet!')).toMatchObject({ isComplaint: true, language: 'tr', matched: ['rezalet'] });
    expect(detector.score('Kargom gelmedi')).toMatchObject({ isComplaint: true, language: 'tr' });
    expect(detector.score('Worst service')).toMatchObject({ isComplaint: true, language: 'en', matched: ['worst'] });
    expect(detector.score('Süper')).toMatchObject({ isComplaint: false });
  });

  it('reaches precision and recall of at least 0.85 on the labelled dataset', () => {
    const rows = labelled as Row[];
    expect(rows.length).toBeGreaterThanOrEqual(200);
    const { precision, recall, languageAccuracy } = measure(rows);
    console.log(`complaint_precision: ${precision.toFixed(2)}`);
    console.log(`complaint_recall: ${recall.toFixed(2)}`);
    expect(precision).toBeGreaterThanOrEqual(0.85);
    expect(recall).toBeGreaterThanOrEqual(0.85);
    expect(languageAccuracy).toBeGreaterThanOrEqual(0.95);
  });

  // The labelled set was read while the lexicon was written, so its figures are in-sample. This set was
  // written after the last lexicon change and never tuned against: its figures are the honest estimate,
  // printed for the record and deliberately not asserted (see workflows/README.md).
  it('reports precision and recall on the held-out set', () => {
    const { precision, recall } = measure(heldout4 as Row[]);
    console.log(`complaint_heldout_precision: ${precision.toFixed(2)}`);
    console.log(`complaint_heldout_recall: ${recall.toFixed(2)}`);
    expect(precision + recall).toBeGreaterThan(0);
  });
});
