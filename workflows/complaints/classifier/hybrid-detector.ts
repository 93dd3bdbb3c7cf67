// The lexicon first (it is precise and explains itself), the trained model for what the lexicon cannot see.
import type { ComplaintDetector, ComplaintScore } from '../detector.ts';
import { createLexiconDetector } from '../lexicon-detector.ts';
import { featuresOf, lexiconHint } from './features.ts';
import { type LogisticModel, probability } from './logistic-regression.ts';

export const MODEL_THRESHOLD = 0.5;

export function createHybridDetector(model: LogisticModel | null, options: { threshold?: number } = {}): ComplaintDetector {
  const lexicon = createLexiconDetector();
  const threshold = options.threshold ?? MODEL_THRESHOLD;
  return {
    score(text: string, language?: string): ComplaintScore {
      const byLexicon = lexicon.score(text, language);
      if (byLexicon.isComplaint || !model) return { ...byLexicon, source: 'lexicon' };
      const p = Math.round(probability(model, featuresOf(text, lexiconHint(byLexicon))) * 1000) / 1000;
      // Below the threshold the lexicon's own (low) score stands, so a score condition reads the same as before.
      if (p < threshold) return { ...byLexicon, source: 'lexicon', probability: p };
      return { ...byLexicon, score: p, isComplaint: true, source: 'model', probability: p };
    },
  };
}
