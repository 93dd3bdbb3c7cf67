export * from './cron.ts';
export * from './date-attribute.ts';
export * from './event.ts';
export * from './inactivity.ts';
export * from './segment-entry.ts';
