export { attributedRevenue, type GroupRevenue, type RevenueReport } from './attributed-revenue.ts';
export { campaignRevenue } from './campaign-revenue.ts';
export { workflowRevenue } from './workflow-revenue.ts';
