// `npm start` builds the web app once when web/dist is missing or older than its sources.
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'web/dist/index.html');
const src = join(root, 'web/src');

function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) t = Math.max(t, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return t;
}

if (!existsSync(src)) process.exit(0);
if (existsSync(dist) && statSync(dist).mtimeMs >= newest(src)) process.exit(0);
console.log('Building the web app…');
const proc = Bun.spawnSync(['bun', '--bun', 'vite', 'build', '--config', 'web/vite.config.ts'], { cwd: root, stdout: 'inherit', stderr: 'inherit' });
process.exit(proc.exitCode ?? 1);
