export * from './consent.ts';
export * from './frequency-cap.ts';
export * from './holdout.ts';
export * from './quiet-hours.ts';
export * from './variant-split.ts';
