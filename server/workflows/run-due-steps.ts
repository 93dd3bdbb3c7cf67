// The step runner: claims due runs, asks the pure planner what to do, carries it out and logs every decision.
import { eq } from 'drizzle-orm';
import type { Services } from '../services.ts';
import { workflowVersions } from '../db/schema/index.ts';
import { randomBytes } from 'node:crypto';
import { issueCoupon, planStep, type StepDecision, type WorkflowDefinition } from '../../workflows/index.ts';
import { buildFacts, reachableIdentityKinds, workflowEventNames, type RunContext } from './build-facts.ts';
import { performAction } from './perform-action.ts';
import { performSend } from './perform-send.ts';
import { claimDueRuns, commitStep, LeaseLost, saveContext, type LogEntry, type RunRow } from './run-store.ts';
import { recentMarketingSends } from '../outbound/recent-marketing-sends.ts';
import { loadWorkspace, withWorkspaceDefaults, type EngineWorkspace } from './workspace-settings.ts';

type EngineServices = Pick<Services, 'database' | 'jobs' | 'now' | 'log' | 'config'>;
const MAX_STEPS_PER_TURN = 50;
const MAX_ENGINE_ERRORS = 5;

/** Runs every step that is due now; returns how many runs it advanced. Workers and tests call the same function. */
export async function runDueSteps(services: EngineServices, options: { limit?: number } = {}): Promise<number> {
  const db = services.database.db;
  const ws = await loadWorkspace(db);
  const cache: TurnCache = { versions: new Map(), reachable: await reachableIdentityKinds(db) };
  let total = 0;
  for (;;) {
    const { token, runs } = await claimDueRuns(db, services.now(), options.limit ?? 50);
    if (runs.length === 0) return total;
    for (const run of runs) {
      try {
        await advance(services, run, token, ws, cache);
      } catch (error) {
        if (!(error instanceof LeaseLost)) await recordEngineError(services, run, token, error);
      }
    }
    total += runs.length;
    if (options.limit) return total;
  }
}

/** An unexpected error (not a failing action): retried when the lease runs out, failed after a few tries. */
async function recordEngineError(services: EngineServices, run: RunRow, token: string, error: unknown) {
  services.log.error({ err: error, runId: run.id }, 'workflow run step crashed');
  const errors = Number((run.context as RunContext).engineErrors ?? 0) + 1;
  const now = services.now();
  const giveUp = errors >= MAX_ENGINE_ERRORS;
  await commitStep(
    services.database.db,
    run.id,
    token,
    {
      context: { ...run.context, engineErrors: errors },
      ...(giveUp ? { status: 'failed' as const, nextAt: null, completedAt: now, leaseOwner: null, leaseUntil: null } : {}),
    },
    { stepId: run.currentStepId, outcome: 'failed', reason: 'engine-error', detail: { error: (error as Error)?.message ?? String(error), attempt: errors } },
    now,
  ).catch(() => {});
}

/** Read once per call: versions never change, channel accounts rarely. */
interface TurnCache {
  versions: Map<string, WorkflowDefinition>;
  reachable: Set<string>;
}

async function definitionOf(services: EngineServices, versionId: string, ws: EngineWorkspace, cache: Map<string, WorkflowDefinition>) {
  let def = cache.get(versionId);
  if (!def) {
    const [v] = await services.database.db.select().from(workflowVersions).where(eq(workflowVersions.id, versionId));
    def = withWorkspaceDefaults(v!.definition, v!.source, ws);
    cache.set(versionId, def);
  }
  return def;
}

async function advance(services: EngineServices, run: RunRow, token: string, ws: EngineWorkspace, cache: TurnCache) {
  const db = services.database.db;
  const workflow = await definitionOf(services, run.versionId, ws, cache.versions);
  let context = run.context as RunContext;
  let status = run.status;
  let stepId = run.currentStepId;
  const release = { leaseOwner: null, leaseUntil: null };
  const finish = (final: RunRow['status'], log: LogEntry, now: Date) =>
    commitStep(db, run.id, token, { status: final, currentStepId: null, nextAt: null, completedAt: now, context, ...release }, log, now);

  if (workflow.settings.coupon && !context.vars?.coupon) {
    // Saved before any step runs: a retried send must quote the same code the customer may already have.
    context = { ...context, vars: { ...context.vars, coupon: issueCoupon(workflow.settings.coupon, services.now(), randomBytes) } };
    await saveContext(db, run.id, token, context);
  }

  for (let i = 0; i < MAX_STEPS_PER_TURN; i++) {
    const now = services.now();
    if (status !== 'pending' && stepId === null) return finish('completed', { stepId: null, outcome: 'completed' }, now);
    const facts = await buildFacts(db, run.contactId, context, ws, now, cache.reachable, workflowEventNames(workflow));
    if (!facts) return finish('stopped', { stepId, outcome: 'stopped', reason: 'contact-gone' }, now);
    const recent = (await recentMarketingSends(db, [run.contactId], now, workflow.settings.frequencyCap?.perDays ?? 7)).get(run.contactId) ?? [];
    const decision = planStep({ workflowId: run.workflowId, workflow, stepId: status === 'pending' ? null : stepId, facts, guards: { workspaceZone: ws.timeZone, recentAutomatedSends: recent } });
    const branches = decision.branches.length ? { branches: decision.branches } : {};

    if ('skip' in decision) {
      const log = {
        stepId: decision.step,
        outcome: 'skipped' as const,
        reason: decision.skip,
        detail: { detail: decision.detail, ...(decision.failed ? { failed: decision.failed } : {}), ...branches },
      };
      if (decision.step === null) {
        const heldOut = decision.skip === 'held-out';
        return commitStep(db, run.id, token, { status: heldOut ? 'held_out' : 'skipped', heldOut, nextAt: null, completedAt: now, ...release }, log, now);
      }
      await moveOn(decision.next, log, now);
    } else if (decision.do === 'defer') {
      return commitStep(
        db,
        run.id,
        token,
        { status: 'running', currentStepId: decision.step, nextAt: decision.until, ...release },
        { stepId: decision.step, outcome: 'deferred', reason: decision.reason, detail: { until: decision.until.toISOString(), ...branches } },
        now,
      );
    } else if (decision.do === 'wait') {
      context = { ...context, waiting: { forReply: !!decision.forReply, record: decision.record, step: decision.step, until: decision.until.toISOString() } };
      return commitStep(
        db,
        run.id,
        token,
        { status: 'waiting', currentStepId: decision.next, nextAt: decision.until, context, ...release },
        { stepId: decision.step, outcome: 'waiting', reason: decision.forReply ? 'for-reply' : null, detail: { until: decision.until.toISOString(), ...branches } },
        now,
      );
    } else if (decision.do === 'end') {
      const stopped = decision.reason === 'stop';
      return finish(stopped ? 'stopped' : 'completed', { stepId: decision.step, outcome: stopped ? 'stopped' : 'completed', reason: stopped ? 'stop' : null, detail: branches }, now);
    } else {
      await moveOn(decision.next, await carryOut(services, run, context, decision, (c) => (context = c)), now);
    }
  }

  async function moveOn(next: string | null, log: LogEntry, now: Date) {
    status = 'running';
    stepId = next;
    await commitStep(db, run.id, token, { status, currentStepId: next, nextAt: now, context }, log, now);
  }
}

/** A send or an action; a failure is logged and the run goes on (each action isolated). */
async function carryOut(
  services: EngineServices,
  run: RunRow,
  context: RunContext,
  decision: Extract<StepDecision, { do: 'send' | 'action' }>,
  setContext: (c: RunContext) => void,
): Promise<LogEntry> {
  const step = decision.step!;
  const branches = decision.branches.length ? { branches: decision.branches } : {};
  try {
    if (decision.do === 'send') {
      const sent = await performSend(services, {
        runId: run.id,
        workflowId: run.workflowId,
        stepId: step,
        contactId: run.contactId,
        channel: decision.channel,
        text: decision.rendered.body,
        subject: decision.rendered.subject,
        conversationId: context.conversationId,
        purpose: decision.purpose,
      });
      // Later steps (a note, a label) act on the conversation the message went into.
      if (!context.conversationId) setContext({ ...context, conversationId: sent.conversationId });
      return {
        stepId: step,
        outcome: 'sent',
        detail: { ...sent, channel: decision.channel.kind, purpose: decision.purpose, language: decision.rendered.language, missing: decision.rendered.missing, ...branches },
      };
    }
    const result = await performAction(
      { ...services, secretKey: services.config.secretKey, egress: { allow: services.config.webhookAllow } },
      { id: run.id, workflowId: run.workflowId, contactId: run.contactId, conversationId: context.conversationId },
      decision,
    );
    return { stepId: step, outcome: 'done', reason: decision.action.type, detail: { ...result, ...branches } };
  } catch (error) {
    const e = error as { code?: string; message?: string };
    return { stepId: step, outcome: 'failed', reason: e.code ?? (decision.do === 'send' ? 'send-failed' : decision.action.type), detail: { error: e.message ?? String(error), ...branches } };
  }
}
