// Public face of the SMS (Twilio) connector.
export { createSmsDriver, smsDriver, type TwilioClientFactory } from './sms-channel.ts';
export { smsConfigSchema, type SmsConfig } from './sms-config.ts';
export { mapTwilioCode, mapTwilioError } from './map-twilio-error.ts';
