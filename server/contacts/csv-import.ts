// Server-side CSV import: the file is parsed as a stream, mapped to import rows, written in batches, progress stored per batch.
import { eq, sql } from 'drizzle-orm';
import Papa from 'papaparse';
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { contactImports } from '../db/schema/index.ts';
import { loadAttributeTypes } from '../attributes/attribute-definitions.ts';
import { IMPORT_BATCH_ROWS, checkRows, importWriters, writeChecked, type ImportReport, type ImportRow } from './import-contacts.ts';
import { withKeyedWrites } from '../lib/keyed-writes.ts';
import { importProgressOf, rejectKeeper, startImportJob, type ImportJobDeps } from './import-job.ts';

const FIELDS = ['name', 'email', 'phone', 'language', 'timeZone', 'currency', 'birthday', 'labels', 'lastActivityAt'] as const;
type Field = (typeof FIELDS)[number];

/** CSV column → profile field or `attributes.<key>`; a column left out is not imported. */
export const columnMapping = z.record(z.string().min(1).max(200), z.union([z.enum(FIELDS), z.string().regex(/^attributes\.[A-Za-z_][\w-]{0,99}$/, 'must be a profile field or attributes.<key>')]));
export type ColumnMapping = z.infer<typeof columnMapping>;

export function mapRow(raw: Record<string, string | undefined>, mapping: ColumnMapping): ImportRow {
  const row: ImportRow = {};
  const attributes: Record<string, unknown> = {};
  for (const [column, target] of Object.entries(mapping)) {
    const value = raw[column]?.trim();
    if (!value) continue;
    if (target.startsWith('attributes.')) attributes[target.slice('attributes.'.length)] = value;
    else if (target === 'labels')
      row.labels = value
        .split(/[;,|]/)
        .map((l) => l.trim())
        .filter(Boolean);
    else row[target as Exclude<Field, 'labels'>] = value;
  }
  if (Object.keys(attributes).length) row.attributes = attributes;
  return row;
}

export interface CsvImportDeps extends ImportJobDeps {
  region: string;
}

/** Creates the import record and returns its id at once with the finished promise (the route answers before it settles). */
export function startCsvImport(deps: CsvImportDeps, file: ReadableStream<Uint8Array>, mapping: ColumnMapping): Promise<{ id: string; done: Promise<void> }> {
  return startImportJob(deps, contactImports, 'contact', (id) => runCsvImport(deps, id, file, mapping));
}

async function runCsvImport(deps: CsvImportDeps, id: string, file: ReadableStream<Uint8Array>, mapping: ColumnMapping) {
  const { database } = deps;
  const types = await loadAttributeTypes(database.db);
  let pending: Array<{ row: number; fields: ImportRow }> = [];
  const keep = rejectKeeper();
  const recordProgress = async (counts: { rows: number; created: number; merged: number }, rejected: ImportReport['rejected']) => {
    await database.db
      .update(contactImports)
      .set({
        total: sql`${contactImports.total} + ${counts.rows}`,
        processed: sql`${contactImports.processed} + ${counts.rows}`,
        created: sql`${contactImports.created} + ${counts.created}`,
        merged: sql`${contactImports.merged} + ${counts.merged}`,
        rejected: sql`${contactImports.rejected} || ${JSON.stringify(rejected)}::jsonb`,
        updatedAt: deps.now(),
      })
      .where(eq(contactImports.id, id));
  };
  // Batches are written side by side (Postgres) while the next slice is checked; batches naming one person keep file order.
  await withKeyedWrites(importWriters(database), async (writes) => {
    // Checking a slice (phone parsing, coercion) is CPU work done while earlier slices are written.
    const flush = async () => {
      if (!pending.length) return;
      const rows = pending;
      pending = [];
      const { checked, rejected } = checkRows(
        rows.map((r) => r.fields),
        (i) => rows[i]!.row,
        deps.region,
        types,
      );
      // The first rejects are chosen in file order here; slices may finish out of order, and the report lists them by row.
      const kept = keep(rejected);
      if (!checked.length) return writes.submit([], () => recordProgress({ rows: rows.length, created: 0, merged: 0 }, kept));
      await writeChecked(database, writes, checked, deps.now(), (done) => recordProgress({ rows: rows.length, ...done }, kept));
    };
    await parseInChunks(await new Response(file).text(), async (records) => {
      for (const { row, cells } of records) {
        pending.push({ row, fields: mapRow(cells, mapping) });
        if (pending.length >= IMPORT_BATCH_ROWS) await flush();
      }
    });
    await flush();
  });
}

/** A header cell as imports name the column: without a byte-order mark or surrounding spaces. */
export const csvColumnName = (header: string) => header.replace(/^\uFEFF/, '').trim();

/**
 * The file's delimiter (a comma, or the semicolon Excel writes in Turkish and other locales, a tab, a pipe), guessed
 * by papaparse from its first records with blank lines left out: counted in, a trailing newline made a two-column
 * semicolon file look like one column.
 */
export function csvDelimiter(text: string): string {
  return Papa.parse(text.slice(0, 64 * 1024), { preview: 10, skipEmptyLines: 'greedy' }).meta.delimiter;
}

/** The column names of a CSV text's first row as the import reads them (what a mapping may name; a repeated name gets papaparse's suffix). */
export function csvColumns(firstLines: string): string[] {
  return (Papa.parse<Record<string, string>>(firstLines, { header: true, preview: 1, delimiter: csvDelimiter(firstLines), transformHeader: csvColumnName }).meta.fields ?? []).filter(Boolean);
}

/** One CSV record and its row number as a spreadsheet shows it: the header is row 1, the first record row 2. */
export interface CsvRecord {
  row: number;
  cells: Record<string, string>;
}

/** A record with nothing but blanks (an empty line, or only commas) is skipped, but still counted as a row. */
export const isBlankRecord = (cells: Record<string, unknown>) => Object.values(cells).every((v) => [v].flat().every((x) => !String(x ?? '').trim()));

/**
 * papaparse in chunk mode: it parses ~1 MB of text at a time and is paused while a chunk's rows are handled, so rows
 * are written as they are read and memory holds one chunk of rows, not the whole file's. (Its Node duplex stream
 * stalled under Bun, so the upload's text is given to it instead; the multipart body is in memory already.)
 * Every import reports a rejected record by the number this gives it, so a user finds it in their spreadsheet.
 */
export function parseInChunks(text: string, onRecords: (records: CsvRecord[]) => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed = false;
    let row = 1;
    // papaparse may report completion as soon as the last chunk is handed over: wait for that chunk's rows too.
    let handling: Promise<void> = Promise.resolve();
    Papa.parse<Record<string, string>>(text, {
      header: true,
      delimiter: csvDelimiter(text),
      chunkSize: 1 << 20,
      transformHeader: csvColumnName,
      chunk: (results: Papa.ParseResult<Record<string, string>>, parser: Papa.Parser) => {
        parser.pause();
        const records: CsvRecord[] = [];
        for (const cells of results.data) {
          row++;
          if (!isBlankRecord(cells)) records.push({ row, cells });
        }
        handling = onRecords(records).then(
          () => parser.resume(),
          (error) => {
            failed = true;
            parser.abort();
            reject(error);
          },
        );
      },
      complete: () => {
        void handling.then(() => {
          if (!failed) resolve();
        });
      },
    });
  });
}

export async function importProgress(database: Database, id: string) {
  const [row] = await database.db.select().from(contactImports).where(eq(contactImports.id, id));
  return row && importProgressOf(row);
}
