export * from './lifecycle.ts';
export * from './model.ts';
export * from './plan-campaign.ts';
export * from './template-check.ts';
export * from './ab-test.ts';
