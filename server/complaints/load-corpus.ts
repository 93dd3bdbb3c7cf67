// Reads the labelled corpus kept in the repo, once per process.
import { readFileSync } from 'node:fs';
import { type CorpusRow, parseCorpus } from '../../workflows/index.ts';

let cached: CorpusRow[] | undefined;

export function loadCorpus(): CorpusRow[] {
  cached ??= parseCorpus(readFileSync(new URL('../../workflows/complaints/corpus/complaints.tsv', import.meta.url), 'utf8'));
  return cached;
}
