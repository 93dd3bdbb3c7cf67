// An idle server does not hold the libraries it needs only for mail bodies, uploads and phone numbers: they load on
// first use, and then work as before.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { onFirstUse } from './on-first-use.ts';
import { sanitizeHtml, sanitizeOutboundHtml } from './sanitize-html.ts';
import { htmlToPlainText } from '../outbound/message-body.ts';
import { detectContentType } from './detect-content-type.ts';
import { normalizePhone } from './normalize-identity.ts';

const ON_FIRST_USE = ['sanitize-html', 'html-to-text', 'file-type', 'libphonenumber-js'];

/** The packages a fresh process has loaded after importing the server's HTTP app and services, as a server start does. */
function packagesLoadedAtStart(): string[] {
  const script = `await import('./server/app.ts'); await import('./server/services.ts');
    console.log(JSON.stringify(Object.keys(require.cache)))`;
  const run = Bun.spawnSync([process.execPath, '-e', script], { cwd: fileURLToPath(new URL('../..', import.meta.url)) });
  if (run.exitCode !== 0) throw new Error(`the import failed:\n${run.stderr.toString()}`);
  const modules: string[] = JSON.parse(run.stdout.toString().trim().split('\n').at(-1)!);
  return [...new Set(modules.flatMap((path) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1] ?? []))];
}

describe('libraries loaded on first use', () => {
  it('are not loaded when the server starts', () => {
    const loaded = packagesLoadedAtStart();
    expect(loaded).toContain('hono');
    for (const name of ON_FIRST_USE) expect(loaded).not.toContain(name);
  }, 60_000);

  it('work on first use', async () => {
    expect(sanitizeHtml('<p onclick="x()">Merhaba <script>alert(1)</script><b>dünya</b></p>')).toBe('<p>Merhaba <b>dünya</b></p>');
    expect(sanitizeOutboundHtml('<img src="https://shop.example/logo.png">')).toBe('<img src="https://shop.example/logo.png" />');
    expect(htmlToPlainText('<p>Siparişiniz <a href="https://shop.example/o/1">yolda</a></p>')).toBe('Siparişiniz yolda [https://shop.example/o/1]');
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    expect(await detectContentType(undefined, png, 'logo')).toBe('image/png');
    expect(normalizePhone('0532 111 22 33', 'TR')).toBe('+905321112233');
  });

  it('make once, however often they are asked', () => {
    let made = 0;
    const value = onFirstUse(() => ({ made: ++made }));
    expect(value()).toBe(value());
    expect(made).toBe(1);
  });
});
