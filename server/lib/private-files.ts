// The data dir holds password hashes, message text and attachments: owner-only modes, whatever the umask.
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { mkdir, open, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Masks group and other bits for every file this process creates from now on. PGlite writes its WAL and
 * relation files through node:fs with default modes (0666) for as long as it runs, so only the umask covers them.
 */
export function restrictUmask(): void {
  process.umask(process.umask() | 0o077);
}

/** Creates `dir` (and missing parents) owner-only, and tightens it if it already existed. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(dir, PRIVATE_DIR_MODE);
}

/**
 * Walks `root` once, setting directories to 0700 and files to 0600, so installs made before these modes were
 * enforced are fixed on upgrade. Symlinks are left alone: chmod would follow them out of the tree.
 */
export function tightenTree(root: string): void {
  if (!existsSync(root)) return;
  const stack = [root];
  while (stack.length) {
    const path = stack.pop()!;
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) continue;
    const wanted = stat.isDirectory() ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE;
    if ((stat.mode & 0o777) !== wanted) chmodSync(path, wanted);
    if (stat.isDirectory()) for (const name of readdirSync(path)) stack.push(join(path, name));
  }
}

/**
 * Writes `text` as `dir/name` owner-only, whole and flushed before it takes its name (a temporary `.tmp` beside it
 * until then), so a reader never sees half a file and a file that has its name survives a crash.
 */
export async function writePrivateFileDurably(dir: string, name: string, text: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const temporary = join(dir, `${name}.tmp`);
  const file = await open(temporary, 'wx', PRIVATE_FILE_MODE);
  try {
    await file.writeFile(text);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, join(dir, name));
}

/** The names in `dir`; none when it does not exist (yet). */
export async function namesIn(dir: string): Promise<string[]> {
  return readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [];
    throw error;
  });
}
