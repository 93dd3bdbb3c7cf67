export * from './decision.ts';
export * from './dry-run.ts';
export * from './plan-step.ts';
export * from './render-languages.ts';
