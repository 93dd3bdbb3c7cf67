export { fitClv, MIN_CUSTOMERS, MIN_REPEAT_CUSTOMERS, requireClvData } from './fit-clv.ts';
export { latestClvFit, passAsOf, refitClv } from './store-clv.ts';
