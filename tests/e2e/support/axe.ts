// Runs axe-core (the real rule engine, injected into the page) and keeps the violations that block people.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface Violation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Serious and critical violations on the page as it is now, with the elements they were found on. AXE_DEBUG=1 also prints the minor ones. */
export async function blockingViolations(page: Page): Promise<Violation[]> {
  // Evaluated through the DevTools protocol, not added as a <script>: the app's strict CSP (rightly) refuses inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: any[] }> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  if (process.env.AXE_DEBUG) console.log(JSON.stringify(results.violations.map((v) => [v.id, v.impact, v.nodes.length, v.nodes.slice(0, 3).map((n: any) => n.target.join(' '))])));
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n: { target: string[] }) => n.target.join(' ')) }));
}
