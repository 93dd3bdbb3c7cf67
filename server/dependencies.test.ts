// The container image installs production dependencies only (`npm ci --omit=dev`): every package the server,
// connectors and workflows load at run time, imported or loaded on first use, must be one of them.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const manifest = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { dependencies: Record<string, string> };
const transpiler = new Bun.Transpiler({ loader: 'ts' });

/** `zod/v4` → `zod`, `@scope/name/x` → `@scope/name`; undefined for a relative path or a runtime's own module. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || /^(node|bun):/.test(specifier) || specifier === 'bun') return undefined;
  const name = specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
  return builtinModules.includes(name) ? undefined : name;
}

function packagesLoadedBy(file: string): string[] {
  const code = readFileSync(`${root}/${file}`, 'utf8');
  const specifiers = transpiler.scanImports(code).map((entry) => entry.path);
  for (const match of code.matchAll(/loadLibrary\('([^']+)'\)/g)) specifiers.push(match[1]!);
  return specifiers.flatMap((specifier) => packageOf(specifier) ?? []);
}

describe('run-time packages', () => {
  it('are all production dependencies', () => {
    const files = [...new Bun.Glob('{server,connectors,workflows}/**/*.ts').scanSync(root)].filter((file) => !/\.(test|fixture|case\.test)\.ts$/.test(file));
    expect(files.length).toBeGreaterThan(100);
    const notInstalled = files.flatMap((file) =>
      packagesLoadedBy(file)
        .filter((name) => !(name in manifest.dependencies))
        .map((name) => `${file}: ${name}`),
    );
    expect(notInstalled).toEqual([]);
  });

  it('include those loaded on first use', () => {
    expect(packagesLoadedBy('server/lib/normalize-identity.ts')).toContain('libphonenumber-js');
  });
});
