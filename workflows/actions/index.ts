export * from './round-robin.ts';
export * from './sla.ts';
