// The campaign sender: start, tick, commands and stats.
export * from './campaign-commands.ts';
export * from './campaign-stats.ts';
export * from './run-campaign-tick.ts';
export * from './start-campaign.ts';
export * from './campaign-preview.ts';
export * from './test-send.ts';
export * from './decide-winner.ts';
export * from './variant-stats.ts';
