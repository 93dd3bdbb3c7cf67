export * from './corpus.ts';
export * from './evaluate.ts';
export * from './features.ts';
export * from './hybrid-detector.ts';
export * from './logistic-regression.ts';
export * from './train-model.ts';
