// What a customer's browser is shown by a public page (a tracked link, the unsubscribe pages) while the database is
// away for a moment: a short page in their language instead of an API error, that tries again by itself where it can.
import type { Context } from 'hono';
import { pageLanguage } from '../consent/index.ts';
import type { AppEnv } from './env.ts';

/** Seconds before the browser tries again; also the Retry-After. */
export const RETRY_SECONDS = 5;

const WORDS = {
  tr: { title: 'Bir dakika', retrying: 'Sayfa şu anda açılamıyor; birkaç saniye içinde kendiliğinden yeniden denenecek.', again: 'Lütfen birkaç saniye sonra yeniden deneyin.', back: 'Geri dön' },
  en: { title: 'One moment', retrying: 'This page cannot be opened just now; it will try again by itself in a few seconds.', again: 'Please try again in a few seconds.', back: 'Go back' },
} as const;

/**
 * 503 with Retry-After. `retry: true` (a GET) reloads the same address after RETRY_SECONDS; `back` (after a form's POST)
 * links to the page to submit again from instead.
 */
export function unavailablePage(c: Context<AppEnv>, options: { retry: true } | { back: string }) {
  const lang = pageLanguage(c.req.header('accept-language'));
  const w = WORDS[lang];
  const refresh = 'retry' in options ? `<meta http-equiv="refresh" content="${RETRY_SECONDS}">` : '';
  const body = 'retry' in options ? `<p>${w.retrying}</p>` : `<p>${w.again}</p><p><a href="${encodeURI(options.back)}">${w.back}</a></p>`;
  c.header('Retry-After', String(RETRY_SECONDS));
  c.header('Cache-Control', 'no-store');
  return c.html(
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">${refresh}<title>${w.title}</title></head><body><main><h1>${w.title}</h1>${body}</main></body></html>`,
    503,
  );
}
