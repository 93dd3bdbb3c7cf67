export * from './detect-language.ts';
export * from './detector.ts';
export * from './lexicon-detector.ts';
export * from './classifier/index.ts';
