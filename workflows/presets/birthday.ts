// Birthday preset: a greeting at 09:00 in the contact's own zone, in their language, with an optional coupon.
import type { WorkflowInput } from '../model.ts';

export interface BirthdayOptions {
  atLocalTime?: string;
  /** Each run gets its own coupon code, and the greeting mentions it. */
  withCoupon?: boolean;
  coupon?: { prefix?: string; amount?: number; validDays?: number };
}

export function birthdayPreset(options: BirthdayOptions = {}): WorkflowInput {
  const greet = { id: 'send-greeting', type: 'send_template', template: 'greeting', purpose: 'marketing' } as const;
  return {
    name: 'Birthday greeting',
    trigger: { type: 'date_attribute', field: 'birthday', at: options.atLocalTime ?? '09:00' },
    conditions: { field: 'contact.birthday', op: 'exists' },
    actions: options.withCoupon
      ? [
          {
            id: 'has-coupon',
            type: 'branch',
            if: { field: 'vars.coupon', op: 'exists' },
            then: [{ id: 'send-greeting-coupon', type: 'send_template', template: 'greeting-coupon', purpose: 'marketing' }],
            else: [greet],
          },
        ]
      : [greet],
    templates: {
      greeting: {
        fallbackLanguage: 'en',
        languages: {
          en: { subject: 'Happy birthday, {{contact.firstName | "friend"}}!', body: 'Happy birthday, {{contact.firstName | "friend"}}! Everyone at {{workspace.name}} wishes you a wonderful year.' },
          tr: { subject: 'İyi ki doğdun {{contact.firstName | ""}}!', body: 'İyi ki doğdunuz {{contact.firstName | ""}}! {{workspace.name}} ailesi olarak nice mutlu yıllar dileriz.' },
        },
      },
      'greeting-coupon': {
        fallbackLanguage: 'en',
        languages: {
          en: {
            subject: 'A birthday gift for you',
            body: 'Happy birthday, {{contact.firstName | "friend"}}! Here is a gift from {{workspace.name}}: use code {{coupon}} for {{coupon.amount | money}} off.',
          },
          tr: {
            subject: 'Size bir doğum günü hediyesi',
            body: 'İyi ki doğdunuz {{contact.firstName | ""}}! {{workspace.name}} olarak hediyemiz: {{coupon}} koduyla {{coupon.amount | money}} indirim.',
          },
        },
      },
    },
    settings: {
      holdoutPercent: 0,
      ...(options.withCoupon ? { coupon: { prefix: options.coupon?.prefix ?? 'BDAY', amount: options.coupon?.amount ?? 50, validDays: options.coupon?.validDays ?? 30 } } : {}),
    },
  };
}
