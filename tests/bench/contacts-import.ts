// Bench figure contacts_import_rows_per_s: a CSV of new contacts through the server-side import (stream parse, set-based batches).
import type { Database } from '../../server/db/client.ts';
import { createLogger } from '../../server/logger.ts';
import { importProgress, startCsvImport } from '../../server/contacts/csv-import.ts';

export async function benchContactsImport(database: Database, rows: number): Promise<number> {
  const lines = ['E-posta,Ad Soyad,Telefon,Doğum Tarihi,Son sipariş,Harcama'];
  for (let i = 0; i < rows; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    lines.push(`bench-import-${i}@example.com,Müşteri ${i} Yılmaz,+90532${String(1_000_000 + i).padStart(7, '0')},${day}.0${(i % 9) + 1}.1990,2025-0${(i % 9) + 1}-${day},${i % 5000}`);
  }
  const csv = new Blob([lines.join('\n')]).stream();
  const mapping = { 'E-posta': 'email', 'Ad Soyad': 'name', Telefon: 'phone', 'Doğum Tarihi': 'birthday', 'Son sipariş': 'lastActivityAt', Harcama: 'attributes.spend' };
  const t0 = performance.now();
  const started = await startCsvImport({ database, log: createLogger('silent'), region: 'TR', now: () => new Date() }, csv, mapping);
  await started.done;
  const seconds = (performance.now() - t0) / 1000;
  const report = await importProgress(database, started.id);
  if (report?.status !== 'completed' || report.created !== rows) throw new Error(`contacts import bench: ${JSON.stringify({ ...report, rejected: report?.rejected.slice(0, 3) })}`);
  return rows / seconds;
}
