export * from './birthday.ts';
export * from './complaint.ts';
export * from './reactivation.ts';
export * from './satisfaction.ts';
export * from './value.ts';
