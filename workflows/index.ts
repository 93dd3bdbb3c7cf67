// The pure core of the rules engine: the DB-backed engine in server/ is a thin shell around these.
export * from './actions/index.ts';
export * from './attribution/index.ts';
export * from './campaigns/index.ts';
export * from './channel-policy.ts';
export * from './complaints/index.ts';
export * from './coupons/index.ts';
export * from './conditions/evaluate.ts';
export * from './conditions/schema.ts';
export * from './engine/index.ts';
export * from './facts.ts';
export * from './guards/index.ts';
export * from './model.ts';
export * from './presets/index.ts';
export * from './satisfaction/parse-rating.ts';
export * from './templates/render.ts';
export * from './triggers/index.ts';
export * from './validate-workflow.ts';
