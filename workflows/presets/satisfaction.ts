// Satisfaction preset: when a conversation is resolved, ask for a 0–10 rating and wait for the answer.
import type { WorkflowInput } from '../model.ts';

export interface SatisfactionOptions {
  scale?: 'nps' | 'csat';
  replyWithinDays?: number;
}

export function satisfactionPreset(options: SatisfactionOptions = {}): WorkflowInput {
  return {
    name: 'Satisfaction survey',
    trigger: { type: 'event', event: 'conversation.resolved' },
    actions: [
      // Asked where the conversation was held, not on the contact's preferred or latest channel.
      { id: 'ask-rating', type: 'send_template', template: 'survey', purpose: 'service', channel: 'conversation' },
      { id: 'await-rating', type: 'wait_for_reply', within: { days: options.replyWithinDays ?? 3 }, record: options.scale ?? 'nps' },
    ],
    templates: {
      survey: {
        fallbackLanguage: 'en',
        languages: {
          en: { body: 'Thanks for contacting {{workspace.name}}! How likely are you to recommend us to a friend? Reply with a number from 0 to 10.' },
          tr: { body: '{{workspace.name}} ile iletişime geçtiğiniz için teşekkürler! Bizi bir arkadaşınıza önerme olasılığınız nedir? 0 ile 10 arasında bir sayı ile yanıtlayın.' },
        },
      },
    },
    settings: { holdoutPercent: 0 },
  };
}
