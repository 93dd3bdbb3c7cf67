// CSV import: parse in the browser, send rows in batches, report progress and rejected rows.
import type { Api, ImportResult } from '../api';
import { toImportRow } from './csv-rows';

export type ParseCsv = (file: File | string) => Promise<Record<string, string>[]>;

/** papaparse is loaded only when someone imports, keeping it out of the initial bundle. */
export const parseCsvWithPapa: ParseCsv = async (input) => {
  const { default: Papa } = await import('papaparse');
  const text = typeof input === 'string' ? input : await input.text();
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: 'greedy', transformHeader: (h) => h.trim() });
  return parsed.data;
};

export class ContactImport {
  total = $state(0);
  done = $state(0);
  running = $state(false);
  result = $state<ImportResult | null>(null);
  error = $state<unknown>(null);
  #api: Api;
  #parse: ParseCsv;

  constructor(api: Api, parse: ParseCsv = parseCsvWithPapa) {
    this.#api = api;
    this.#parse = parse;
  }

  async run(file: File | string, batchSize = 500) {
    this.running = true;
    this.error = null;
    this.result = { created: 0, merged: 0, rejected: [] };
    this.done = 0;
    try {
      const rows = await this.#parse(file);
      this.total = rows.length;
      for (let start = 0; start < rows.length; start += batchSize) {
        const batch = await this.#api.contacts.import(rows.slice(start, start + batchSize).map(toImportRow));
        // The server numbers rows within the batch it received; shift them to point at the row in the whole file.
        const rejected = batch.rejected.map((entry) => ({ ...entry, row: entry.row + start }));
        this.result = {
          created: this.result.created + batch.created,
          merged: this.result.merged + batch.merged,
          rejected: [...this.result.rejected, ...rejected],
        };
        this.done = Math.min(rows.length, start + batchSize);
      }
    } catch (error) {
      this.error = error;
    } finally {
      this.running = false;
    }
  }
}
