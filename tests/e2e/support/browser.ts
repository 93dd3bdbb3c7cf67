// Shared e2e plumbing: where Chromium is, whether to skip, building the app once per file, signing in.
import { existsSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';

export const root = fileURLToPath(new URL('../../..', import.meta.url));
export const shots = fileURLToPath(new URL('../screenshots/', import.meta.url));
const chromiumPath = '/usr/bin/chromium';

/** False means skip, with a printed reason; under CI a missing browser is a failure instead. */
export const hasChromium = existsSync(chromiumPath);
if (!hasChromium) {
  if (process.env.CI) throw new Error(`${chromiumPath} is missing and CI is set: install Debian's chromium package`);
  console.warn(`[e2e] skipped: ${chromiumPath} is absent (apt-get install -y chromium)`);
}

export const admin = { email: 'ada@example.com', password: 'correct horse battery', name: 'Ada Admin' };

export const launchChromium = () =>
  chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });

/**
 * Build the web app so the browser sees the current code, as `npm run build:web` builds it for users: vitest sets
 * NODE_ENV=test, under which Vite would build Svelte's development runtime (its checks and warnings, 9% more code).
 */
export function buildWeb() {
  execFileSync('bun', ['--bun', 'vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'error'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  mkdirSync(shots, { recursive: true });
}

export async function signIn(page: Page, url: string) {
  await page.goto(url);
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Shortcuts are ignored while typing, so leave the composer before pressing one. */
export const blur = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

/** How far the window itself scrolls: 0 when each screen scrolls only in its own area under the top bar (one scrollbar). */
export const windowOverflow = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollHeight - innerHeight);
