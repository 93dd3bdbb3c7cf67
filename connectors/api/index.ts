export { apiDriver, apiConfigSchema, mapWebhookStatus } from './api-channel.ts';
export { sign, verify, SIGNATURE_HEADER } from '../signature.ts';
