// The workspace's complaint model: retrained from corpus + decisions, stored in one row, served from memory.
import { eq, max } from 'drizzle-orm';
import type { Database, DbOrTx } from '../db/client.ts';
import { every } from '../lib/every.ts';
import { complaintExamples, complaintModels } from '../db/schema/index.ts';
import { type ComplaintDetector, createHybridDetector, trainComplaintModel } from '../../workflows/index.ts';
import { loadCorpus } from './load-corpus.ts';

/** Retraining waits until decisions have been quiet this long, so a burst of relabelling costs one fit. */
export const RETRAIN_QUIET_MS = 60_000;

export interface ComplaintModelInfo {
  trainedAt: string;
  examples: number;
  precision: number;
  recall: number;
  heldOut: number;
}

/** What `GET /api/complaints/model` answers: before the first stored fit, `trainedAt` is null and there are no figures. */
export type ComplaintModelReport = ComplaintModelInfo | { trainedAt: null; examples: 0; precision: null; recall: null; heldOut: 0 };

export const UNTRAINED_REPORT: ComplaintModelReport = { trainedAt: null, examples: 0, precision: null, recall: null, heldOut: 0 };

const served = new WeakMap<DbOrTx, { trainedAt: number; detector: ComplaintDetector }>();

export async function retrainComplaintModel(deps: { database: Database; now(): Date }): Promise<ComplaintModelInfo> {
  const db = deps.database.db;
  const decisions = await db.select({ text: complaintExamples.text, complaint: complaintExamples.complaint }).from(complaintExamples);
  const trained = trainComplaintModel(loadCorpus(), decisions);
  const row = {
    trainedAt: deps.now(),
    examples: trained.examples,
    precision: trained.evaluation.precision,
    recall: trained.evaluation.recall,
    heldOut: trained.evaluation.heldOut,
    model: trained.model,
  };
  await db
    .insert(complaintModels)
    .values({ id: 1, ...row })
    .onConflictDoUpdate({ target: complaintModels.id, set: row });
  served.set(db, { trainedAt: row.trainedAt.getTime(), detector: createHybridDetector(trained.model) });
  return infoOf(row);
}

/** Retrains when a decision arrived after the last fit and none for RETRAIN_QUIET_MS; or when there is no model yet. */
export async function retrainIfDue(deps: { database: Database; now(): Date }): Promise<boolean> {
  const db = deps.database.db;
  const [model] = await db.select({ trainedAt: complaintModels.trainedAt }).from(complaintModels).where(eq(complaintModels.id, 1));
  const [latest] = await db.select({ at: max(complaintExamples.updatedAt) }).from(complaintExamples);
  const due = !model || (latest?.at && latest.at > model.trainedAt && deps.now().getTime() - latest.at.getTime() >= RETRAIN_QUIET_MS);
  if (!due) return false;
  await retrainComplaintModel(deps);
  return true;
}

export async function complaintModelInfo(db: DbOrTx): Promise<ComplaintModelInfo | null> {
  const [row] = await db.select().from(complaintModels).where(eq(complaintModels.id, 1));
  return row ? infoOf(row) : null;
}

/**
 * The stored model, reloaded when another process retrains. Before the first stored fit, the corpus-only model (the
 * same weights the first fit stores, since training is deterministic), so answers never depend on the worker's timing.
 */
export async function complaintDetector(database: Database, tx: DbOrTx = database.db): Promise<ComplaintDetector> {
  const [row] = await tx.select({ trainedAt: complaintModels.trainedAt }).from(complaintModels).where(eq(complaintModels.id, 1));
  if (!row) return corpusDetector();
  const cached = served.get(database.db);
  if (cached?.trainedAt === row.trainedAt.getTime()) return cached.detector;
  const [stored] = await tx.select({ model: complaintModels.model }).from(complaintModels).where(eq(complaintModels.id, 1));
  const detector = createHybridDetector(stored!.model);
  served.set(database.db, { trainedAt: row.trainedAt.getTime(), detector });
  return detector;
}

let corpusOnly: ComplaintDetector | undefined;
function corpusDetector(): ComplaintDetector {
  corpusOnly ??= createHybridDetector(trainComplaintModel(loadCorpus()).model);
  return corpusOnly;
}

function infoOf(row: { trainedAt: Date; examples: number; precision: number; recall: number; heldOut: number }): ComplaintModelInfo {
  return { trainedAt: row.trainedAt.toISOString(), examples: row.examples, precision: row.precision, recall: row.recall, heldOut: row.heldOut };
}

/** The worker's debounced retraining: a fit at start when there is no model, then one after each quiet burst of decisions. */
export function startComplaintRetrainer(deps: { database: Database; now(): Date; log: { warn(o: object, m: string): void } }, everyMs = 30_000): () => void {
  return every(deps.log, everyMs, 'complaint model retrain', () => retrainIfDue(deps), { immediately: true });
}
