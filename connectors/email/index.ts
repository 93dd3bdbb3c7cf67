// The email connector's public face.
export { emailDriver, createEmailChannel, type EmailTuning } from './email-channel.ts';
export { emailConfigSchema, type EmailConfig } from './config.ts';
export { parseEmail } from './parse-email.ts';
export { mapSmtpError } from './map-smtp-error.ts';
