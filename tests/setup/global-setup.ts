// Runs once before the suite: builds the migrated database template the test files start from.
import { ensurePgliteTemplate, ensurePostgresTemplate } from '../support/template.ts';

export default async function setup() {
  const url = process.env.DATABASE_URL;
  if (url) await ensurePostgresTemplate(url);
  else await ensurePgliteTemplate();
}
