// Customer-value presets: a post-purchase thank-you, an abandoned-cart reminder, a VIP offer and a churn-risk win-back.
// Each sends marketing (so consent, quiet hours and the frequency cap apply) and holds out a group to measure lift.
import type { WorkflowInput } from '../model.ts';

export interface ValuePresetOptions {
  holdoutPercent?: number;
  /** Abandoned cart: wait this many hours, then remind only if no order came in meanwhile. */
  waitHours?: number;
  /** Thank-you: only for the contact's first order (the default), or for every order. */
  firstOrderOnly?: boolean;
  coupon?: { prefix?: string; amount?: number; validDays?: number };
  replyWithinDays?: number;
}

const marketing = (id: string, template: string) => ({ id, type: 'send_template', template, purpose: 'marketing' }) as const;

export function thankYouPreset(options: ValuePresetOptions = {}): WorkflowInput {
  return {
    name: 'Post-purchase thank-you',
    trigger: { type: 'event', event: 'order.placed', ...(options.firstOrderOnly === false ? {} : { nth: 1 }) },
    actions: [{ id: 'wait-a-little', type: 'wait', duration: { hours: 2 } }, marketing('send-thanks', 'thanks')],
    templates: {
      thanks: {
        fallbackLanguage: 'en',
        languages: {
          en: { subject: 'Thank you for your order', body: 'Thank you for your order {{vars.orderId | ""}}, {{contact.firstName | "friend"}}! Everyone at {{workspace.name}} hopes you enjoy it.' },
          tr: {
            subject: 'Siparişiniz için teşekkürler',
            body: '{{vars.orderId | ""}} numaralı siparişiniz için teşekkürler {{contact.firstName | ""}}! {{workspace.name}} olarak keyifle kullanmanızı dileriz.',
          },
        },
      },
    },
    settings: { holdoutPercent: options.holdoutPercent ?? 0 },
  };
}

export function abandonedCartPreset(options: ValuePresetOptions = {}): WorkflowInput {
  const hours = options.waitHours ?? 1;
  return {
    name: 'Abandoned-cart reminder',
    trigger: { type: 'event', event: 'event.tracked', name: 'cart_abandoned' },
    actions: [
      { id: 'wait-before-reminding', type: 'wait', duration: { hours } },
      {
        id: 'not-bought-meanwhile',
        type: 'branch',
        // Waited `hours`: an order within that many hours came after the cart was left.
        if: { not: { field: 'contact.lastOrderAt', op: 'within_last_days', value: hours / 24 } },
        then: [marketing('send-reminder', 'cart-reminder')],
      },
    ],
    templates: {
      'cart-reminder': {
        fallbackLanguage: 'en',
        languages: {
          en: { subject: 'You left something in your cart', body: 'Hi {{contact.firstName | "there"}}, your cart at {{workspace.name}} is still waiting for you. {{vars.event_cart_url | ""}}' },
          tr: { subject: 'Sepetinizde ürün kaldı', body: 'Merhaba {{contact.firstName | ""}}, {{workspace.name}} sepetiniz sizi bekliyor. {{vars.event_cart_url | ""}}' },
        },
      },
    },
    settings: { holdoutPercent: options.holdoutPercent ?? 10, conversionWindowDays: 3 },
  };
}

export function vipOfferPreset(options: ValuePresetOptions = {}): WorkflowInput {
  return {
    name: 'VIP offer',
    trigger: { type: 'event', event: 'rfm.segment_changed', to: ['Champions'] },
    actions: [marketing('send-vip-offer', 'vip-offer')],
    templates: {
      'vip-offer': {
        fallbackLanguage: 'en',
        languages: {
          en: {
            subject: 'A thank-you for our best customers',
            body: 'Hi {{contact.firstName | "there"}}, you are one of our best customers. Use code {{coupon}} for {{coupon.amount | money}} off at {{workspace.name}}.',
          },
          tr: {
            subject: 'En değerli müşterilerimize teşekkür',
            body: 'Merhaba {{contact.firstName | ""}}, en değerli müşterilerimizdensiniz. {{workspace.name}} alışverişinizde {{coupon}} koduyla {{coupon.amount | money}} indirim.',
          },
        },
      },
    },
    settings: {
      holdoutPercent: options.holdoutPercent ?? 10,
      conversionWindowDays: 30,
      coupon: { prefix: options.coupon?.prefix ?? 'VIP', amount: options.coupon?.amount ?? 100, validDays: options.coupon?.validDays ?? 30 },
    },
  };
}

export function churnWinBackPreset(options: ValuePresetOptions = {}): WorkflowInput {
  const replyWithinDays = options.replyWithinDays ?? 14;
  return {
    name: 'Churn-risk win-back',
    trigger: { type: 'event', event: 'churn_risk.entered' },
    actions: [marketing('send-win-back', 'win-back'), { id: 'await-reply', type: 'wait_for_reply', within: { days: replyWithinDays }, record: 'reactivated' }],
    templates: {
      'win-back': {
        fallbackLanguage: 'en',
        languages: {
          en: {
            subject: 'We would love to see you again',
            body: 'Hi {{contact.firstName | "there"}}, it has been a while. Here is {{coupon.amount | money}} off your next order at {{workspace.name}}: {{coupon}}.',
          },
          tr: {
            subject: 'Sizi yeniden görmek isteriz',
            body: 'Merhaba {{contact.firstName | ""}}, uzun zamandır görüşemedik. {{workspace.name}} siparişinizde {{coupon}} koduyla {{coupon.amount | money}} indirim sizi bekliyor.',
          },
        },
      },
    },
    settings: {
      holdoutPercent: options.holdoutPercent ?? 10,
      conversionWindowDays: replyWithinDays,
      coupon: { prefix: options.coupon?.prefix ?? 'BACK', amount: options.coupon?.amount ?? 50, validDays: options.coupon?.validDays ?? 30 },
    },
  };
}
