export { fitClv, MIN_CUSTOMERS, MIN_REPEAT_CUSTOMERS } from './fit-clv.ts';
export { latestClvFit, refitClv } from './store-clv.ts';
