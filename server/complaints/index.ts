export * from './complaint-model.ts';
export * from './load-corpus.ts';
export * from './record-decision.ts';
