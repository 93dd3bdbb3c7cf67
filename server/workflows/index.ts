// The database-backed workflow engine: dispatcher, scanners, step runner, store and reports.
export * from './dispatch-events.ts';
export * from './run-due-steps.ts';
export * from './scan-due.ts';
export * from './start-workflow-workers.ts';
export * from './workflow-preview.ts';
export * from './workflow-stats.ts';
export * from './workflow-store.ts';
