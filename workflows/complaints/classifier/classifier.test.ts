import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLexiconDetector } from '../lexicon-detector.ts';
import { parseCorpus, splitOf, stableHash, formatCorpus } from './corpus.ts';
import { evaluateDecisions } from './evaluate.ts';
import { createHybridDetector } from './hybrid-detector.ts';
import { probability, trainLogistic } from './logistic-regression.ts';
import { trainComplaintModel } from './train-model.ts';

const corpus = parseCorpus(readFileSync(new URL('../corpus/complaints.tsv', import.meta.url), 'utf8'));
const trained = trainComplaintModel(corpus);
const detector = createHybridDetector(trained.model);
const heldOut = corpus.filter((r) => splitOf(r.group) === 'heldout');
const count = (f: (r: (typeof corpus)[number]) => boolean) => corpus.filter(f).length;

describe('complaint corpus', () => {
  it('holds over a thousand messages, about half Turkish, a third of them implicit complaints, with hard negatives', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(1000);
    expect(count((r) => r.language === 'tr') / corpus.length).toBeGreaterThan(0.45);
    expect(count((r) => r.language === 'tr') / corpus.length).toBeLessThan(0.55);
    expect(count((r) => r.kind === 'implicit' && r.label === 'complaint') / corpus.length).toBeGreaterThanOrEqual(1 / 3);
    expect(count((r) => r.kind === 'question' && r.label === 'not')).toBeGreaterThan(250);
    expect(count((r) => r.kind === 'praise' && r.label === 'not')).toBeGreaterThan(100);
    expect(new Set(corpus.map((r) => r.text)).size).toBe(corpus.length);
  });

  it('splits by a stable hash of the group, one in five held out, variants of a sentence on the same side', () => {
    expect(stableHash('üç haftadır bekliyorum')).toBe(stableHash('üç haftadır bekliyorum'));
    expect(heldOut.length / corpus.length).toBeGreaterThan(0.15);
    expect(heldOut.length / corpus.length).toBeLessThan(0.25);
    const sides = new Map<string, Set<string>>();
    for (const r of corpus) sides.set(r.group, (sides.get(r.group) ?? new Set()).add(splitOf(r.group)));
    expect([...sides.values()].every((s) => s.size === 1)).toBe(true);
  });

  it('round-trips through its TSV form', () => {
    expect(parseCorpus(formatCorpus(corpus.slice(0, 20)))).toEqual(corpus.slice(0, 20));
    expect(() => parseCorpus('text\tlabel\nx\ty\n')).toThrow(/header/);
  });
});

describe('complaint model', () => {
  it('reaches precision and recall of at least 0.90 on the held-out split, implicit complaints included', () => {
    const lexicon = createLexiconDetector();
    const lexiconOnly = evaluateDecisions(heldOut, (r) => lexicon.score(r.text, r.language).isComplaint);
    const implicit = evaluateDecisions(
      heldOut.filter((r) => r.kind === 'implicit'),
      (r) => detector.score(r.text, r.language).isComplaint,
    );
    const e = trained.evaluation;
    console.log(`complaint_model_heldout: ${e.heldOut} rows, precision ${e.precision.toFixed(3)}, recall ${e.recall.toFixed(3)}`);
    console.log(`complaint_lexicon_heldout: precision ${lexiconOnly.precision.toFixed(3)}, recall ${lexiconOnly.recall.toFixed(3)}`);
    console.log(`complaint_model_implicit_recall: ${implicit.recall.toFixed(3)} over ${implicit.truePositives + implicit.falseNegatives}`);
    expect(e.heldOut).toBe(heldOut.length);
    expect(e.precision).toBeGreaterThanOrEqual(0.9);
    expect(e.recall).toBeGreaterThanOrEqual(0.9);
    expect(e.recall).toBeGreaterThan(lexiconOnly.recall + 0.3);
  });

  it('catches the implicit complaints the lexicon misses, and says the model decided', () => {
    expect(detector.score('there were ants in the hotel room')).toMatchObject({ isComplaint: true, source: 'model' });
    expect(detector.score('Kutu geldi ama içinden kulaklık çıkmadı.')).toMatchObject({ isComplaint: true });
    expect(detector.score('Can I pay by card on delivery?')).toMatchObject({ isComplaint: false });
    expect(detector.score('Siparişim gecikirse iptal edebilir miyim?')).toMatchObject({ isComplaint: false });
  });

  it('lets the lexicon decide when it fires, with its own score and evidence', () => {
    const text = 'Rezalet bir hizmet, paramı geri istiyorum';
    const lexicon = createLexiconDetector().score(text);
    expect(lexicon.isComplaint).toBe(true);
    expect(detector.score(text)).toEqual({ ...lexicon, source: 'lexicon' });
  });

  it('scores with the lexicon alone when there is no model', () => {
    expect(createHybridDetector(null).score('there were ants in the hotel room')).toMatchObject({ isComplaint: false, source: 'lexicon' });
  });

  it("learns a workspace's decision: a close message flips once an agent called one like it a complaint", () => {
    const close = 'The vending machine on the second floor swallowed my coins again';
    expect(detector.score(close).isComplaint).toBe(false);
    const retrained = trainComplaintModel(corpus, [{ text: 'The vending machine in the lobby swallowed my coins.', complaint: true }]);
    expect(retrained.examples).toBe(trained.examples + 1);
    expect(createHybridDetector(retrained.model).score(close)).toMatchObject({ isComplaint: true, source: 'model' });
  });
});

describe('logistic regression', () => {
  it('separates two features and is deterministic', () => {
    const examples = Array.from({ length: 40 }, (_, i) => ({ features: [i % 2 ? 'bad' : 'good', `noise${i % 5}`], label: (i % 2) as 0 | 1 }));
    const model = trainLogistic(examples);
    expect(probability(model, ['bad'])).toBeGreaterThan(0.9);
    expect(probability(model, ['good'])).toBeLessThan(0.1);
    expect(trainLogistic(examples)).toEqual(model);
  });
});
