// Where every browser test starts: the web built, a running server with its first admin, a seeding API session and
// Chromium, started before the file's own set-up and stopped after it. Call inside the `describe`.
import { afterAll, beforeAll } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { admin, buildWeb, launchChromium, root, signIn } from './browser';
import { startUlak, type UlakServer } from './ulak-server';
import { ApiSession, postSignedInbound } from './api-session';

export interface Ulak {
  server: UlakServer;
  /** Signed in as the admin (or as nobody, with `setup: false`). */
  api: ApiSession;
  browser: Browser;
}

/** Options: `build: false` where the test needs no web app; `setup: false` where the browser itself does first-run setup. */
export function useUlak(options: { build?: boolean; setup?: boolean } = {}): Ulak {
  const ulak = {} as Ulak;
  beforeAll(() => {
    if (options.build !== false) buildWeb();
  });
  beforeAll(async () => {
    ulak.server = await startUlak(root);
    ulak.api = new ApiSession(ulak.server.url);
    if (options.setup !== false) await ulak.api.call('POST', '/api/setup', admin);
    ulak.browser = await launchChromium();
  });
  afterAll(async () => {
    await ulak.browser?.close();
    await ulak.server?.stop();
  });
  return ulak;
}

export interface SeededChannel {
  id: string;
  secret: string;
  /** A message from a customer, signed with the channel's secret as an integrating system would send it. */
  inbound: (payload: Record<string, unknown>) => ReturnType<typeof postSignedInbound>;
}

/** An API channel made through the API, to post customer messages into. */
export async function apiChannel(ulak: Ulak, name: string): Promise<SeededChannel> {
  const channel = await ulak.api.call('POST', '/api/channels', { kind: 'api', name, config: {} });
  return { id: channel.id, secret: channel.secret, inbound: (payload) => postSignedInbound(ulak.server.url, channel.id, channel.secret, payload) };
}

/** A new page of the given size in English, signed in as the admin; `inbox` waits until the inbox has drawn, `phone` adds touch. */
export async function signedInPage(ulak: Ulak, viewport: { width: number; height: number }, options: { inbox?: boolean; phone?: boolean } = {}): Promise<Page> {
  const page = await ulak.browser.newPage({ viewport, locale: 'en-GB', ...(options.phone ? { isMobile: true, hasTouch: true } : {}) });
  await signIn(page, ulak.server.url);
  if (options.inbox) await page.getByRole('navigation', { name: 'Conversation views' }).waitFor();
  return page;
}

/** Another user (made by the test) signed in in a browser context of their own, on their inbox; close it with `page.context().close()`. */
export async function signedInAs(ulak: Ulak, user: { email: string; password: string }, viewport: { width: number; height: number }): Promise<Page> {
  const context = await ulak.browser.newContext({ viewport, locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(ulak.server.url);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Conversation views' }).waitFor();
  return page;
}

/** A screen a test visits in turn. */
export interface Screen {
  name: string;
  open: (page: Page) => Promise<void>;
}

/** Opens `#/<path>`, its `:name` parts filled from `ids` (made in set-up), waits for what shows it has drawn and, with `settle`, for a quiet network. */
export function screenAt(ulak: Ulak, ids: Record<string, string>, name: string, path: string, drawn?: (page: Page) => Locator, settle = false): Screen {
  return {
    name,
    open: async (page) => {
      await page.goto(`${ulak.server.url}/#/${path.replace(/:(\w+)/g, (_, key: string) => ids[key]!)}`);
      if (drawn) await drawn(page).waitFor();
      if (settle) await page.waitForLoadState('networkidle');
    },
  };
}
