// CSV import: preview the file, map its columns, upload the file itself, follow the server's progress to its report.
import type { Api } from '../api';
import type { AttributeDefinition, ImportProgress } from '../api/types';
import { guessTarget, type ColumnMapping, type ColumnTarget } from './csv-mapping';

/** How many rows the mapping step shows. */
export const PREVIEW_ROWS = 5;

export interface CsvPreview {
  headers: string[];
  rows: Record<string, string>[];
  /** Data rows in the whole file (blank lines not counted), for the progress bar. */
  rowCount: number;
}

export type ReadCsvPreview = (file: File) => Promise<CsvPreview>;

/** papaparse is loaded only when someone imports, keeping it out of the initial bundle. It counts every row but keeps only the first few. */
export const readCsvPreview: ReadCsvPreview = async (file) => {
  const { default: Papa } = await import('papaparse');
  const rows: Record<string, string>[] = [];
  let rowCount = 0;
  let headers: string[] = [];
  Papa.parse<Record<string, string>>(await file.text(), {
    header: true,
    skipEmptyLines: 'greedy',
    // The server reads headers the same way (BOM dropped, trimmed), so the mapping's keys match its columns.
    transformHeader: (h) => h.replace(/^\uFEFF/, '').trim(),
    step: (result) => {
      if (!headers.length) headers = result.meta.fields ?? [];
      if (rows.length < PREVIEW_ROWS) rows.push(result.data);
      rowCount++;
    },
  });
  return { headers, rows, rowCount };
};

export type ImportPhase = 'choose' | 'map' | 'importing' | 'done';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class ContactImport {
  phase = $state<ImportPhase>('choose');
  file = $state<File | null>(null);
  preview = $state<CsvPreview>({ headers: [], rows: [], rowCount: 0 });
  /** Column → what it becomes; '' leaves the column out. */
  mapping = $state<Record<string, ColumnTarget>>({});
  attributes = $state<AttributeDefinition[]>([]);
  progress = $state<ImportProgress | null>(null);
  error = $state<unknown>(null);
  /** The file chosen has no contact rows (empty, or a header line alone): said before any mapping is asked for. */
  emptyFile = $state<string | null>(null);
  /** Every contact needs an email or a phone: the server refuses a mapping without one of them. */
  hasIdentity = $derived(Object.values(this.mapping).some((target) => target === 'email' || target === 'phone'));
  /** Rows known done, of the file's rows (the server counts as it goes; the browser counted the file). */
  done = $derived(this.progress?.processed ?? 0);
  total = $derived(Math.max(this.preview.rowCount, this.progress?.processed ?? 0));
  #api: Api;
  #read: ReadCsvPreview;
  #pollMs: number;

  constructor(api: Api, options: { read?: ReadCsvPreview; pollMs?: number } = {}) {
    this.#api = api;
    this.#read = options.read ?? readCsvPreview;
    this.#pollMs = options.pollMs ?? 400;
  }

  /** Reads the file's first rows and guesses each column's target; nothing is sent yet. */
  async choose(file: File) {
    this.error = null;
    this.emptyFile = null;
    this.progress = null;
    try {
      const [preview, attributes] = await Promise.all([
        this.#read(file),
        this.#api.contacts.attributes().then(
          (r) => r.items,
          () => [] as AttributeDefinition[],
        ),
      ]);
      if (!preview.headers.length || !preview.rowCount) {
        this.emptyFile = file.name;
        this.phase = 'choose';
        return;
      }
      this.file = file;
      this.preview = preview;
      this.attributes = attributes;
      this.mapping = Object.fromEntries(preview.headers.map((header) => [header, guessTarget(header, attributes)]));
      this.phase = 'map';
    } catch (error) {
      this.error = error;
      this.phase = 'choose';
    }
  }

  setTarget(header: string, target: ColumnTarget) {
    this.mapping = { ...this.mapping, [header]: target };
  }

  /** Uploads the file with the chosen mapping, then polls the import until the server has finished it. */
  async start() {
    const file = this.file;
    if (!file || !this.hasIdentity) return;
    const mapping: ColumnMapping = Object.fromEntries(Object.entries(this.mapping).filter((entry): entry is [string, Exclude<ColumnTarget, ''>] => entry[1] !== ''));
    this.error = null;
    this.phase = 'importing';
    try {
      const { id } = await this.#api.contacts.importCsv(file, mapping);
      this.progress = await this.#api.contacts.importStatus(id);
      while (this.progress.status === 'running') {
        await sleep(this.#pollMs);
        this.progress = await this.#api.contacts.importStatus(id);
      }
      this.phase = 'done';
    } catch (error) {
      this.error = error;
      // A refused upload (a bad mapping, a file too large) goes back to the mapping; an import under way is still shown.
      this.phase = this.progress ? 'done' : 'map';
    }
  }

  /** Back to choosing a file. */
  reset() {
    this.phase = 'choose';
    this.file = null;
    this.preview = { headers: [], rows: [], rowCount: 0 };
    this.mapping = {};
    this.progress = null;
    this.error = null;
    this.emptyFile = null;
  }
}
