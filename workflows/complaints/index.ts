export * from './detect-language.ts';
export * from './detector.ts';
export * from './lexicon-detector.ts';
