// What each channel kind asks for when an admin connects it, and how the form becomes the `config` object.
import type { ChannelKind } from '../api/types';

export interface ChannelField {
  /** Dotted path into config, e.g. "imap.host". */
  path: string;
  /** Catalog key of the label; `{server}` in it is filled with IMAP or SMTP. */
  label: `channel.field.${string}`;
  /** `textarea` for multi-line pastes such as a PEM certificate. */
  type: 'text' | 'password' | 'number' | 'checkbox' | 'email' | 'url' | 'select' | 'textarea';
  required?: boolean;
  initial?: string | number | boolean;
  options?: string[];
  placeholder?: string;
}

/** Every field is explained under its input: the catalogs hold `channel.help.<path>` for each one. */
export const helpKey = (field: ChannelField) => `channel.help.${field.path}`;

const mailServer = (prefix: 'imap' | 'smtp', port: number): ChannelField[] => [
  { path: `${prefix}.host`, label: 'channel.field.host', type: 'text', required: true, placeholder: `${prefix}.example.com` },
  { path: `${prefix}.port`, label: 'channel.field.port', type: 'number', required: true, initial: port },
  { path: `${prefix}.secure`, label: 'channel.field.secure', type: 'checkbox', initial: true },
  { path: `${prefix}.user`, label: 'channel.field.user', type: 'text', required: prefix === 'imap' },
  { path: `${prefix}.password`, label: 'channel.field.password', type: 'password', required: prefix === 'imap' },
  { path: `${prefix}.caCertificate`, label: 'channel.field.caCertificate', type: 'textarea', placeholder: '-----BEGIN CERTIFICATE-----' },
];

export const channelFields: Record<ChannelKind, ChannelField[]> = {
  api: [{ path: 'webhookUrl', label: 'channel.field.webhookUrl', type: 'url', placeholder: 'https://example.com/ulak-replies' }],
  email: [
    { path: 'fromAddress', label: 'channel.field.fromAddress', type: 'email', required: true, placeholder: 'support@example.com' },
    { path: 'fromName', label: 'channel.field.fromName', type: 'text' },
    ...mailServer('imap', 993),
    { path: 'imap.mailbox', label: 'channel.field.mailbox', type: 'text', initial: 'INBOX' },
    { path: 'imap.importDays', label: 'channel.field.importDays', type: 'number', initial: 30 },
    ...mailServer('smtp', 465),
    { path: 'sentMailbox', label: 'channel.field.sentMailbox', type: 'text', placeholder: 'Sent' },
  ],
  sms: [
    { path: 'accountSid', label: 'channel.field.accountSid', type: 'text', required: true, placeholder: 'AC…' },
    { path: 'authToken', label: 'channel.field.authToken', type: 'password', required: true },
    { path: 'from', label: 'channel.field.from', type: 'text', placeholder: '+905321234567' },
    { path: 'messagingServiceSid', label: 'channel.field.messagingServiceSid', type: 'text', placeholder: 'MG…' },
    { path: 'apiRoot', label: 'channel.field.apiRoot', type: 'url', placeholder: 'https://api.twilio.com' },
  ],
  whatsapp: [
    { path: 'phoneNumber', label: 'channel.field.phoneNumber', type: 'text', placeholder: '905321234567' },
    { path: 'allowGroups', label: 'channel.field.allowGroups', type: 'checkbox', initial: false },
  ],
  telegram: [
    { path: 'botToken', label: 'channel.field.botToken', type: 'password', required: true, placeholder: '123456:ABC-def' },
    { path: 'mode', label: 'channel.field.mode', type: 'select', options: ['polling', 'webhook'], initial: 'polling' },
    { path: 'apiRoot', label: 'channel.field.apiRoot', type: 'url', placeholder: 'https://api.telegram.org' },
  ],
};

export type FormValues = Record<string, string | number | boolean>;

export function initialValues(kind: ChannelKind): FormValues {
  return Object.fromEntries(channelFields[kind].map((field) => [field.path, field.initial ?? (field.type === 'checkbox' ? false : '')]));
}

/** Builds the nested config, leaving out empty optional text so server-side defaults apply. */
export function toConfig(kind: ChannelKind, values: FormValues): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const field of channelFields[kind]) {
    let value = values[field.path];
    if (value === '' || value === undefined) continue;
    if (field.type === 'number') value = Number(value);
    const keys = field.path.split('.');
    let target = config;
    for (const key of keys.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
    target[keys.at(-1)!] = value;
  }
  return config;
}
