// What every marketing email carries so the customer can leave: RFC 8058 one-click headers and a visible link.
import type { OutboundMessage } from '../../connectors/channel.ts';
import { unsubscribeUrl } from './unsubscribe-token.ts';
import { pageLanguage } from './page-language.ts';

export interface UnsubscribeConfig {
  publicUrl: string;
  secretKey: Buffer;
  /** An address that takes unsubscribe requests by mail (`List-Unsubscribe: <mailto:…>`); optional. */
  mailto?: string;
}

const FOOTER = {
  tr: { lead: 'Bu iletiyi pazarlama izniniz olduğu için aldınız.', link: 'Abonelikten çıkın veya tercihlerinizi değiştirin' },
  en: { lead: 'You received this message because you agreed to hear from us.', link: 'Unsubscribe or change your preferences' },
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/**
 * Adds `List-Unsubscribe` (our HTTPS one-click URL, then the mailto when configured) with `List-Unsubscribe-Post:
 * List-Unsubscribe=One-Click`, and a footer link to the preference page in the contact's language (tr or en).
 */
export function withUnsubscribe(message: OutboundMessage, contact: { id: string; language?: string | null }, config: UnsubscribeConfig): OutboundMessage {
  const url = unsubscribeUrl(config.publicUrl, config.secretKey, { contactId: contact.id, channel: 'email' });
  const targets = [`<${url}>`, ...(config.mailto ? [`<mailto:${config.mailto}?subject=unsubscribe>`] : [])];
  const words = FOOTER[pageLanguage(contact.language)];
  return {
    ...message,
    headers: { ...message.headers, 'List-Unsubscribe': targets.join(', '), 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    footer: {
      text: `${words.lead}\n${words.link}: ${url}`,
      html: `<p style="font-size:12px;color:#6b7280">${escapeHtml(words.lead)}<br><a href="${escapeHtml(url)}">${escapeHtml(words.link)}</a></p>`,
    },
  };
}
