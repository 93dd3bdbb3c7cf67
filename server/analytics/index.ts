export { rfmGrid, type RfmCell } from './rfm-grid.ts';
export { rfmCellContacts, churnRiskContacts, type ValueContact } from './value-contacts.ts';
export { cohortRetention, type Cohort } from './cohort-retention.ts';
export { predictedValueHistogram } from './predicted-value.ts';
export { segmentSizes } from './segment-sizes.ts';
export { churnRiskCsv } from './churn-risk-csv.ts';
