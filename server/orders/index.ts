export { importOrders, type ImportOrdersResult } from './import-orders.ts';
export { trackEvents } from './track-events.ts';
export { storeOrders, type ResolvedOrder } from './store-orders.ts';
export { customerIdentities, resolveCustomers } from './resolve-customers.ts';
export { MAX_ROWS_PER_CALL, eventRow, orderRow } from './order-input.ts';
export { receiveShopWebhook } from './shops/receive-shop-webhook.ts';
export { createIntegration, deleteIntegration, describeIntegration, listIntegrations } from './shops/integrations.ts';
export { loadEventFacts } from './event-facts.ts';
export { ORDER_CSV_FIELDS, orderColumnMapping, orderImportProgress, startOrderCsvImport } from './csv-import-orders.ts';
