// Fits the complaint model on the corpus's training side plus the workspace's own decisions, and measures it
// on the corpus's held-out side (with the lexicon in front, as it runs in production).
import { type CorpusRow, splitOf } from './corpus.ts';
import { evaluateDecisions, type Evaluation } from './evaluate.ts';
import { createLexiconDetector } from '../lexicon-detector.ts';
import { featuresOf, lexiconHint } from './features.ts';
import { createHybridDetector } from './hybrid-detector.ts';
import { type LogisticModel, trainLogistic } from './logistic-regression.ts';

export interface LabelledText {
  text: string;
  complaint: boolean;
}

/** An agent's decision is one example among a thousand; it counts this many times so it moves close messages. */
export const WORKSPACE_WEIGHT = 8;

export interface TrainedComplaintModel {
  model: LogisticModel;
  evaluation: Evaluation;
  /** Examples the model was fitted on. */
  examples: number;
}

export function trainComplaintModel(corpus: CorpusRow[], workspace: LabelledText[] = []): TrainedComplaintModel {
  const train = corpus.filter((r) => splitOf(r.group) === 'train');
  const heldOut = corpus.filter((r) => splitOf(r.group) === 'heldout');
  const lexicon = createLexiconDetector();
  const features = (text: string, language?: string) => featuresOf(text, lexiconHint(lexicon.score(text, language)));
  const examples = [
    ...train.map((r) => ({ features: features(r.text, r.language), label: r.label === 'complaint' ? (1 as const) : (0 as const) })),
    ...workspace.map((w) => ({ features: features(w.text), label: w.complaint ? (1 as const) : (0 as const), weight: WORKSPACE_WEIGHT })),
  ];
  const model = trainLogistic(examples);
  const detector = createHybridDetector(model);
  const evaluation = evaluateDecisions(heldOut, (r) => detector.score(r.text, r.language).isComplaint);
  return { model, evaluation, examples: examples.length };
}
