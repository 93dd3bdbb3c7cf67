// What each channel kind asks for when an admin connects it, and how the form becomes the `config` object.
import type { ChannelKind } from '../api/types';

export interface ChannelField {
  /** Dotted path into config, e.g. "imap.host". */
  path: string;
  label: string;
  type: 'text' | 'password' | 'number' | 'checkbox' | 'email' | 'url' | 'select';
  required?: boolean;
  initial?: string | number | boolean;
  options?: string[];
  placeholder?: string;
}

const mailServer = (prefix: 'imap' | 'smtp', port: number): ChannelField[] => [
  { path: `${prefix}.host`, label: `${prefix.toUpperCase()} host`, type: 'text', required: true, placeholder: `${prefix}.example.com` },
  { path: `${prefix}.port`, label: `${prefix.toUpperCase()} port`, type: 'number', required: true, initial: port },
  { path: `${prefix}.secure`, label: `${prefix.toUpperCase()} TLS from the start`, type: 'checkbox', initial: true },
  { path: `${prefix}.user`, label: `${prefix.toUpperCase()} user`, type: 'text', required: prefix === 'imap' },
  { path: `${prefix}.password`, label: `${prefix.toUpperCase()} password`, type: 'password', required: prefix === 'imap' },
];

export const channelFields: Record<ChannelKind, ChannelField[]> = {
  api: [{ path: 'webhookUrl', label: 'Webhook URL for replies', type: 'url', placeholder: 'https://example.com/ulak-replies' }],
  email: [
    { path: 'fromAddress', label: 'From address', type: 'email', required: true, placeholder: 'support@example.com' },
    { path: 'fromName', label: 'From name', type: 'text' },
    ...mailServer('imap', 993),
    { path: 'imap.mailbox', label: 'Mailbox', type: 'text', initial: 'INBOX' },
    ...mailServer('smtp', 465),
  ],
  sms: [
    { path: 'accountSid', label: 'Twilio Account SID', type: 'text', required: true, placeholder: 'AC…' },
    { path: 'authToken', label: 'Twilio Auth Token', type: 'password', required: true },
    { path: 'from', label: 'Sender number (E.164)', type: 'text', placeholder: '+905321234567' },
    { path: 'messagingServiceSid', label: 'or Messaging Service SID', type: 'text', placeholder: 'MG…' },
  ],
  whatsapp: [
    { path: 'phoneNumber', label: 'Phone number for a pairing code (optional)', type: 'text', placeholder: '905321234567' },
    { path: 'allowGroups', label: 'Receive group messages', type: 'checkbox', initial: false },
  ],
  telegram: [
    { path: 'botToken', label: 'Bot token from @BotFather', type: 'password', required: true, placeholder: '123456:ABC-def' },
    { path: 'mode', label: 'Receive updates by', type: 'select', options: ['polling', 'webhook'], initial: 'polling' },
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
