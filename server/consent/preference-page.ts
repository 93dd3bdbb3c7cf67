// The hosted preference page as plain server-rendered HTML: no script, one hashed style, a form posting to itself.
import { createHash } from 'node:crypto';
import type { PageLanguage } from './page-language.ts';
import type { PageChannel, Preferences } from './preferences.ts';

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#111827}' +
  'fieldset{border:1px solid #d1d5db;border-radius:.5rem;padding:1rem;margin:1rem 0}label{display:block;margin:.5rem 0}' +
  'button{padding:.5rem 1rem;border-radius:.375rem;border:0;background:#111827;color:#fff;font-size:1rem}' +
  '.notice{background:#ecfdf5;border:1px solid #10b981;padding:.75rem;border-radius:.375rem}';

/** The page's own policy: nothing loads, the one style is allowed by hash, the form may only post back here. */
export const PREFERENCE_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const WORDS = {
  tr: {
    title: 'İleti tercihleri',
    intro: 'Hangi kanallardan kampanya ve duyuru almak istediğinizi seçin. Siparişleriniz ve sorularınızla ilgili iletiler bundan etkilenmez.',
    channels: 'Pazarlama iletileri',
    none: 'Hiçbir pazarlama iletisi almak istemiyorum',
    save: 'Kaydet',
    saved: 'Tercihleriniz kaydedildi.',
    unsubscribed: 'Abonelikten çıktınız: artık e-posta ile pazarlama iletisi almayacaksınız.',
    later: 'Diğer tercihlerinizi daha sonra bu bağlantıdan değiştirebilirsiniz.',
    invalid: 'Bu bağlantı geçerli değil.',
    channel: { email: 'E-posta', sms: 'SMS', whatsapp: 'WhatsApp', telegram: 'Telegram' },
  },
  en: {
    title: 'Message preferences',
    intro: 'Choose where you would like to receive offers and news. Messages about your orders and questions are not affected.',
    channels: 'Marketing messages',
    none: 'I do not want any marketing messages',
    save: 'Save',
    saved: 'Your preferences have been saved.',
    unsubscribed: 'You have been unsubscribed: you will no longer receive marketing email.',
    later: 'You can change your other preferences from this link later.',
    invalid: 'This link is not valid.',
    channel: { email: 'Email', sms: 'SMS', whatsapp: 'WhatsApp', telegram: 'Telegram' },
  },
} as const;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function layout(lang: PageLanguage, body: string): string {
  return (
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta name="robots" content="noindex"><title>${escapeHtml(WORDS[lang].title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`
  );
}

export function preferencePage(lang: PageLanguage, prefs: Preferences, action: string, notice?: 'saved' | 'unsubscribed'): string {
  const w = WORDS[lang];
  const box = (ch: PageChannel) => `<label><input type="checkbox" name="channel" value="${ch}"${prefs.status[ch] === 'opted_out' ? '' : ' checked'}> ${escapeHtml(w.channel[ch])}</label>`;
  return layout(
    lang,
    `<main><h1>${escapeHtml(w.title)}</h1>` +
      (notice ? `<p class="notice" role="status">${escapeHtml(w[notice])}</p>` : '') +
      `<p>${escapeHtml(w.intro)}</p><form method="post" action="${escapeHtml(action)}">` +
      `<fieldset><legend>${escapeHtml(w.channels)}</legend>${prefs.channels.map(box).join('')}</fieldset>` +
      `<label><input type="checkbox" name="all" value="opted_out"${prefs.status.all === 'opted_out' ? ' checked' : ''}> ${escapeHtml(w.none)}</label>` +
      `<p><button type="submit">${escapeHtml(w.save)}</button></p></form></main>`,
  );
}

export function invalidLinkPage(lang: PageLanguage): string {
  return layout(lang, `<main><h1>${escapeHtml(WORDS[lang].title)}</h1><p>${escapeHtml(WORDS[lang].invalid)}</p></main>`);
}

/** The answer to an unsubscribe whose preferences cannot be shown just now (it was kept, to be recorded shortly). */
export function unsubscribedPage(lang: PageLanguage): string {
  const w = WORDS[lang];
  return layout(lang, `<main><h1>${escapeHtml(w.title)}</h1><p class="notice" role="status">${escapeHtml(w.unsubscribed)}</p><p>${escapeHtml(w.later)}</p></main>`);
}
