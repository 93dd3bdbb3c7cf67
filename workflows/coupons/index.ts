export * from './issue-coupon.ts';
