export * from './round-robin.ts';
export * from './sla.ts';
export * from './webhook-signature.ts';
