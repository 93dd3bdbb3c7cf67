// `bun server/main.ts files:move --to s3|disk [--delete-source]`: moves attachments between <dataDir>/files and the
// ULAK_S3_* bucket, prints the counts, and exits non-zero while any file is left to move (run it again to resume).
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { unlessMisconfigured, type Config } from '../config.ts';
import { DiskStorage } from './file-storage.ts';
import { moveFiles } from './move-files.ts';
import { openStorage } from './open-storage.ts';

const USAGE = 'Usage: bun server/main.ts files:move --to s3|disk [--delete-source] [--concurrency N]';

export async function filesMoveCommand(args: string[], config: Config, print: (line: string) => void = console.log): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, options: { to: { type: 'string' }, 'delete-source': { type: 'boolean', default: false }, concurrency: { type: 'string', default: '8' } } }));
  } catch (error) {
    print(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const concurrency = Number(values.concurrency);
  if ((values.to !== 's3' && values.to !== 'disk') || !Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    print(USAGE);
    return 2;
  }
  if (config.storage.kind !== 's3') {
    print('files:move needs the bucket: set ULAK_S3_BUCKET, ULAK_S3_ACCESS_KEY_ID and ULAK_S3_SECRET_ACCESS_KEY (and ULAK_S3_ENDPOINT for a store other than AWS) in both directions.');
    return 2;
  }
  const disk = new DiskStorage(join(config.dataDir, 'files'));
  const bucket = await unlessMisconfigured(() => openStorage(config.storage), print);
  if (!bucket) return 2;
  const [from, to] = values.to === 's3' ? [disk, bucket] : [bucket, disk];
  print(`Moving files from ${from.location} to ${to.location}${values['delete-source'] ? ', deleting each source file once its copy is verified' : ''}…`);
  const started = performance.now();
  let report;
  try {
    report = await moveFiles(from, to, { deleteSource: values['delete-source'], concurrency });
  } catch (error) {
    // The source could not be listed (an unreadable directory, a store failing mid-listing): nothing may look done.
    print(`Could not list the files in ${from.location}: ${(error as Error).message}. Nothing was reported as moved; fix that and run the command again.`);
    return 1;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  for (const { key, reason } of report.failed) print(`  failed ${key}: ${reason}`);
  print(
    `${report.listed} listed, ${report.copied} copied (${report.bytes} bytes), ${report.skipped} already there, ${report.gone ? `${report.gone} deleted by Ulak meanwhile, ` : ''}${report.deleted} deleted from the source, ${report.failed.length} failed in ${seconds} s.`,
  );
  if (report.failed.length) {
    print('Some files were not moved; run the same command again to resume (files already moved are skipped).');
    return 1;
  }
  print(values.to === 's3' ? 'Done. Start Ulak with the ULAK_S3_* settings to use the bucket.' : 'Done. Start Ulak without ULAK_S3_* settings to use the disk.');
  return 0;
}
