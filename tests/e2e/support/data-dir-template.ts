// Runs once before the browser tests: one server start on an empty data directory (PGlite's initdb and every
// migration, about 5 s on the shared machine), kept as the directory each file's server starts from (about 1.5 s).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { runUlak } from './ulak-server.ts';

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'ulak-e2e-template-'));
  const server = await runUlak(join(import.meta.dirname, '../../..'), dir);
  await server.stop();
  project.provide('ulakDataTemplate', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
