// Public unsubscribe links (no login): RFC 8058 one-click POST, and the hosted preference page with its form.
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { defineRoutes } from '../http/route.ts';
import { transact } from '../events/record-event.ts';
import { orWhileUnavailable } from '../../connectors/is-transient-failure.ts';
import { keepConsentChange, pageLanguage, readUnsubscribeToken, recordConsent, type ConsentChange, type UnsubscribeSubject } from '../consent/index.ts';
import { loadPreferences, savePreferences } from '../consent/preferences.ts';
import { invalidLinkPage, PREFERENCE_PAGE_CSP, preferencePage, unsubscribedPage } from '../consent/preference-page.ts';
import { unavailablePage } from '../http/unavailable-page.ts';

export const app = new Hono<AppEnv>();
const route = defineRoutes(app, 'unsubscribe');

function html(c: Context<AppEnv>, body: string, status: 200 | 400 | 404 = 200) {
  c.header('Content-Security-Policy', PREFERENCE_PAGE_CSP);
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  return c.html(body, status);
}

/** The token's contact, or an HTML answer in the visitor's language saying the link is not valid. */
function subjectOf(c: Context<AppEnv>): UnsubscribeSubject | Response {
  const subject = readUnsubscribeToken(c.get('services').config.secretKey, c.req.param('token') ?? '');
  return subject ?? html(c, invalidLinkPage(pageLanguage(c.req.header('accept-language'))), 404);
}

async function formOf(c: Context<AppEnv>): Promise<Record<string, string | string[]>> {
  try {
    const body = await c.req.parseBody({ all: true });
    return Object.fromEntries(
      Object.entries(body)
        .filter(([, v]) => typeof v === 'string' || Array.isArray(v))
        .map(([k, v]) => [k, Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : (v as string)]),
    );
  } catch {
    return {};
  }
}

route(
  {
    method: 'post',
    path: '/u/:token',
    access: 'public',
    summary:
      'One-click unsubscribe (RFC 8058): a form body "List-Unsubscribe=One-Click" opts the contact out of marketing on the link\'s channel; no login, no CSRF token; while the database is away for a moment the opt-out is kept and recorded as of the click once it is back',
  },
  async (c) => {
    const subject = subjectOf(c);
    if (subject instanceof Response) return subject;
    const form = await formOf(c);
    const services = c.get('services');
    // A mail client's one-click POST carries this exact body; anything else is the page's own unsubscribe button.
    const change: ConsentChange = {
      contactId: subject.contactId,
      channel: subject.channel,
      status: 'opted_out',
      source: form['List-Unsubscribe'] === 'One-Click' ? 'one-click' : 'link',
      at: services.now(),
    };
    const prefs = await orWhileUnavailable(
      async () => {
        const found = await loadPreferences(services.database.db, subject.contactId, subject.channel);
        // The contact the link named may have been merged since: the opt-out is the merged profile's.
        if (found) await transact(services.database, (tx) => recordConsent(tx, { ...change, contactId: found.contactId }));
        return found;
      },
      // The database away for a moment: the signed link is enough to keep the opt-out and record it shortly.
      async () => {
        await keepConsentChange(services.spoolDir, change);
        services.spool.kept({ optOut: true }); // recorded within seconds of the database's return, before any campaign send
        return 'kept' as const;
      },
    );
    if (prefs === 'kept') return html(c, unsubscribedPage(pageLanguage(c.req.header('accept-language'))));
    if (!prefs) return html(c, invalidLinkPage(pageLanguage(c.req.header('accept-language'))), 404);
    const lang = pageLanguage(prefs.language);
    return html(c, preferencePage(lang, { ...prefs, status: { ...prefs.status, [subject.channel]: 'opted_out' } }, `/u/${c.req.param('token')}/preferences`, 'unsubscribed'));
  },
);

route({ method: 'get', path: '/u/:token', access: 'public', summary: "The hosted preference page (HTML, in the contact's language): marketing per channel, or none at all" }, async (c) => {
  const subject = subjectOf(c);
  if (subject instanceof Response) return subject;
  const prefs = await orWhileUnavailable(
    () => loadPreferences(c.get('services').database.db, subject.contactId, subject.channel),
    () => 'unavailable' as const,
  );
  if (prefs === 'unavailable') return unavailablePage(c, { retry: true });
  if (!prefs) return html(c, invalidLinkPage(pageLanguage(c.req.header('accept-language'))), 404);
  return html(c, preferencePage(pageLanguage(prefs.language), prefs, `/u/${c.req.param('token')}/preferences`, c.req.query('saved') ? 'saved' : undefined));
});

route(
  {
    method: 'post',
    path: '/u/:token/preferences',
    access: 'public',
    status: 303,
    summary: 'Saves the preference page\'s form (fields "channel" per wanted channel, "all=opted_out" for no marketing at all); changes are recorded with source "link"',
  },
  async (c) => {
    const subject = subjectOf(c);
    if (subject instanceof Response) return subject;
    const services = c.get('services');
    const form = await formOf(c);
    const wanted = new Set([form.channel ?? []].flat());
    const noMarketing = form.all === 'opted_out' || (Array.isArray(form.all) && form.all.includes('opted_out'));
    const prefs = await orWhileUnavailable(
      async () => {
        const found = await loadPreferences(services.database.db, subject.contactId, subject.channel);
        if (found) await transact(services.database, (tx) => savePreferences(tx, found, { wanted, noMarketing }, services.now()));
        return found;
      },
      () => 'unavailable' as const,
    );
    // Nothing was saved: the customer is told so, with the way back to the form.
    if (prefs === 'unavailable') return unavailablePage(c, { back: `/u/${c.req.param('token')}` });
    if (!prefs) return html(c, invalidLinkPage(pageLanguage(c.req.header('accept-language'))), 404);
    // Post/redirect/get: reloading the confirmation does not submit the form again.
    return c.redirect(`/u/${c.req.param('token')}?saved=1`, 303);
  },
);
