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

/** A CSV import's server side: the file uploaded with its mapping starts an import, whose progress is then read by id. */
export interface CsvImportEndpoints<Progress> {
  upload(file: File, mapping: Record<string, string>): Promise<{ id: string }>;
  status(id: string): Promise<Progress>;
  /** Each header's first guess at what it becomes ('' leaves it out); it may ask the server (declared attributes). */
  guess(headers: string[]): Promise<Record<string, string>>;
}

/** The steps every CSV import goes through; what a column may become, and when a mapping is complete, are the importer's. */
export class CsvImport<Target extends string, Progress extends { status: string; processed: number }> {
  phase = $state<ImportPhase>('choose');
  file = $state<File | null>(null);
  preview = $state<CsvPreview>({ headers: [], rows: [], rowCount: 0 });
  /** Column → what it becomes; '' leaves the column out. */
  mapping = $state<Record<string, Target | ''>>({});
  progress = $state<Progress | null>(null);
  error = $state<unknown>(null);
  /** The file chosen has no rows (empty, or a header line alone): said before any mapping is asked for. */
  emptyFile = $state<string | null>(null);
  /** Rows known done, of the file's rows (the server counts as it goes; the browser counted the file). */
  done = $derived(this.progress?.processed ?? 0);
  total = $derived(Math.max(this.preview.rowCount, this.progress?.processed ?? 0));
  #endpoints: CsvImportEndpoints<Progress>;
  #read: ReadCsvPreview;
  #pollMs: number;

  constructor(endpoints: CsvImportEndpoints<Progress>, options: { read?: ReadCsvPreview; pollMs?: number } = {}) {
    this.#endpoints = endpoints;
    this.#read = options.read ?? readCsvPreview;
    this.#pollMs = options.pollMs ?? 400;
  }

  /** Whether the server would take the mapping as it stands. */
  ready(): boolean {
    return true;
  }

  /** Reads the file's first rows and guesses each column's target; nothing is sent yet. */
  async choose(file: File) {
    this.error = null;
    this.emptyFile = null;
    this.progress = null;
    try {
      const preview = await this.#read(file);
      if (!preview.headers.length || !preview.rowCount) {
        this.emptyFile = file.name;
        this.phase = 'choose';
        return;
      }
      const mapping = (await this.#endpoints.guess(preview.headers)) as Record<string, Target | ''>;
      this.file = file;
      this.preview = preview;
      this.mapping = mapping;
      this.phase = 'map';
    } catch (error) {
      this.error = error;
      this.phase = 'choose';
    }
  }

  setTarget(header: string, target: Target | '') {
    this.mapping = { ...this.mapping, [header]: target };
  }

  /** Uploads the file with the chosen mapping, then polls the import until the server has finished it. */
  async start() {
    const file = this.file;
    if (!file || !this.ready()) return;
    const mapping = Object.fromEntries(Object.entries(this.mapping).filter(([, target]) => target !== '')) as Record<string, Target>;
    this.error = null;
    this.phase = 'importing';
    try {
      const { id } = await this.#endpoints.upload(file, mapping);
      this.progress = await this.#endpoints.status(id);
      while (this.progress.status === 'running') {
        await sleep(this.#pollMs);
        this.progress = await this.#endpoints.status(id);
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

export class ContactImport extends CsvImport<Exclude<ColumnTarget, ''>, ImportProgress> {
  attributes = $state<AttributeDefinition[]>([]);
  /** Every contact needs an email or a phone: the server refuses a mapping without one of them. */
  hasIdentity = $derived(Object.values(this.mapping).some((target) => target === 'email' || target === 'phone'));

  constructor(api: Api, options: { read?: ReadCsvPreview; pollMs?: number } = {}) {
    super(
      {
        upload: (file, mapping) => api.contacts.importCsv(file, mapping as ColumnMapping),
        status: (id) => api.contacts.importStatus(id),
        // Declared attributes are offered by name, so a column can be guessed as one of them.
        guess: async (headers) => {
          this.attributes = await api.contacts.attributes().then(
            (r) => r.items,
            () => [] as AttributeDefinition[],
          );
          return Object.fromEntries(headers.map((header) => [header, guessTarget(header, this.attributes)]));
        },
      },
      options,
    );
  }

  ready() {
    return this.hasIdentity;
  }
}
