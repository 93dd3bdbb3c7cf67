// Workflows: immutable versions, one run per contact and occurrence, the step log, dispatcher cursors, surveys and SLA clocks.
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { WorkflowDefinition } from '../../../workflows/model.ts';
import { at, createdAt, id, timestamps } from './columns.ts';
import { contacts } from './contacts.ts';
import { conversations } from './conversations.ts';
import { teams, users } from './users.ts';

export const workflows = pgTable('workflows', {
  id: id(),
  name: text().notNull(),
  /** birthday | reactivation | complaint | satisfaction when created from a preset. */
  preset: text(),
  enabled: boolean().notNull().default(false),
  /** Events written before this (database time) do not start runs: enabling a rule does not replay the past. */
  enabledAt: at(),
  currentVersionId: uuid(),
  createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
  deletedAt: at(),
  ...timestamps,
});

/** Never updated: editing a workflow adds a version, and runs keep the one they started on. */
export const workflowVersions = pgTable(
  'workflow_versions',
  {
    id: id(),
    workflowId: uuid()
      .notNull()
      .references(() => workflows.id, { onDelete: 'cascade' }),
    version: integer().notNull(),
    /** The validated definition, defaults applied. */
    definition: jsonb().$type<WorkflowDefinition>().notNull(),
    /** What the client sent: tells which settings were left to the workspace (quiet hours, cap). */
    source: jsonb().$type<Record<string, unknown>>().notNull(),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex().on(t.workflowId, t.version)],
);

export const RUN_STATUSES = ['pending', 'running', 'waiting', 'completed', 'stopped', 'skipped', 'held_out', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
/** A run in one of these is under way; any other status is how it ended, set once. */
export const ACTIVE_RUN_STATUSES = ['pending', 'running', 'waiting'] as const satisfies readonly RunStatus[];
export type EndedRunStatus = Exclude<RunStatus, (typeof ACTIVE_RUN_STATUSES)[number]>;

export const workflowRuns = pgTable(
  'workflow_runs',
  {
    id: id(),
    workflowId: uuid()
      .notNull()
      .references(() => workflows.id, { onDelete: 'cascade' }),
    versionId: uuid()
      .notNull()
      .references(() => workflowVersions.id, { onDelete: 'cascade' }),
    contactId: uuid()
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    occurrenceKey: text().notNull(),
    status: text().$type<RunStatus>().notNull().default('pending'),
    /** The step to plan next; null before the first step (status pending) or after the last. */
    currentStepId: text(),
    nextAt: at(),
    heldOut: boolean().notNull().default(false),
    /** Trigger facts (event, conversation, message), what a wait expects, run variables. */
    context: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** A step runner's claim: another runner leaves the run alone until the lease ends. */
    leaseOwner: text(),
    leaseUntil: at(),
    startedAt: at().notNull(),
    completedAt: at(),
  },
  (t) => [
    // Per workflow, not per version: editing a workflow mid-year must not send a second birthday greeting.
    uniqueIndex('workflow_runs_occurrence_idx').on(t.workflowId, t.contactId, t.occurrenceKey),
    index().on(t.status, t.nextAt),
    index().on(t.contactId, t.status),
  ],
);

export const STEP_OUTCOMES = ['sent', 'skipped', 'deferred', 'waiting', 'replied', 'done', 'failed', 'stopped', 'completed'] as const;
export type StepOutcome = (typeof STEP_OUTCOMES)[number];

export const workflowStepLog = pgTable(
  'workflow_step_log',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    runId: uuid()
      .notNull()
      .references(() => workflowRuns.id, { onDelete: 'cascade' }),
    /** null for a decision taken before the first step (held-out, condition-false). */
    stepId: text(),
    outcome: text().$type<StepOutcome>().notNull(),
    /** no-consent, capped, held-out, condition-false, no-channel, quiet-hours, stop, … */
    reason: text(),
    detail: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    at: at().notNull(),
  },
  (t) => [index().on(t.runId, t.id), index().on(t.outcome, t.at)],
);

/** Dispatcher and scanner positions: the domain-event cursor, schedule ticks, round-robin pointers. */
export const workflowCursors = pgTable('workflow_cursors', {
  name: text().primaryKey(),
  at: at(),
  /** What the named cursor holds: the event position `<txid>:<id>`, a round-robin member, … */
  value: text(),
});

/** Who was in a segment at the last scan, so entering it can be told from staying in it. */
export const workflowSegmentMembers = pgTable(
  'workflow_segment_members',
  {
    workflowId: uuid()
      .notNull()
      .references(() => workflows.id, { onDelete: 'cascade' }),
    contactId: uuid()
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.workflowId, t.contactId] })],
);

export const satisfactionResponses = pgTable(
  'satisfaction_responses',
  {
    id: id(),
    contactId: uuid()
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    conversationId: uuid().references(() => conversations.id, { onDelete: 'set null' }),
    runId: uuid().references(() => workflowRuns.id, { onDelete: 'set null' }),
    kind: text().$type<'nps' | 'csat'>().notNull(),
    score: smallint().notNull(),
    /** promoter | passive | detractor for NPS; satisfied | unsatisfied for CSAT. */
    category: text().notNull(),
    at: at().notNull(),
  },
  (t) => [index().on(t.contactId), index().on(t.conversationId), uniqueIndex().on(t.runId)],
);

/** A complaint's first-response clock; the scanner escalates it when breached. */
export const slaClocks = pgTable(
  'sla_clocks',
  {
    id: id(),
    runId: uuid()
      .notNull()
      .references(() => workflowRuns.id, { onDelete: 'cascade' }),
    conversationId: uuid()
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    startedAt: at().notNull(),
    dueAt: at().notNull(),
    firstResponseMinutes: integer().notNull(),
    escalateToTeamId: uuid().references(() => teams.id, { onDelete: 'set null' }),
    state: text().$type<'running' | 'met' | 'breached'>().notNull().default('running'),
    settledAt: at(),
    ...timestamps,
  },
  (t) => [uniqueIndex().on(t.runId), index().on(t.state, t.dueAt)],
);
