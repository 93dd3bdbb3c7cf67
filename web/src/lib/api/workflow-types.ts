// Workflow preview, run log and stats as the server sends them (dates as ISO strings).
import type { RevenueReport } from '../../../../server/attribution/attributed-revenue.ts';
export interface RenderedLanguage {
  language: string;
  subject?: string;
  body: string;
  missingVariables: string[];
}
export interface PreviewSkip {
  step: string | null;
  reason: string;
  detail: string;
}

export interface WorkflowPreview {
  workflowId: string | null;
  summary: { audience: number; contacts: number; receives: number; skipped: number; byReason: Record<string, number> };
  items: Array<{ contactId: string; name: string | null; at?: string; outcome: 'receives' | 'skipped' | 'no-message'; skips: PreviewSkip[] }>;
  /** Date triggers: each of the next 7 days (the contact's own calendar) with who is greeted then, and when. */
  upcoming?: null | Array<{ date: string; count: number; contacts: Array<{ contactId: string; name: string | null; timeZone: string; at: string }> }>;
  sample: null | {
    contactId: string;
    name: string | null;
    language: string | null;
    inAudience: boolean;
    outcome: 'receives' | 'skipped' | 'no-message';
    skips: PreviewSkip[];
    steps: Array<{ step: string; template: string; chosenLanguage: string; channel: string | null; renders: RenderedLanguage[] }>;
  };
}

export interface WorkflowStep {
  id: number;
  stepId: string | null;
  outcome: string;
  reason: string | null;
  detail: Record<string, unknown>;
  at: string;
}
export interface WorkflowRun {
  id: string;
  contactId: string;
  contactName: string | null;
  status: string;
  heldOut: boolean;
  currentStepId: string | null;
  startedAt: string;
  completedAt: string | null;
  steps: WorkflowStep[];
}

interface Group {
  contacts: number;
  reactivated: number;
}
export interface WorkflowStats {
  sent: number;
  delivered: number;
  replied: number;
  skipped: Record<string, number>;
  runs: Record<string, number>;
  reactivation: null | { windowDays: number; messaged: Group; heldOut: Group; lift: null | { messagedRate: number; heldOutRate: number; lift: number } };
  satisfaction: null | { responses: number; nps: number | null; csat: number | null };
  /** Orders attributed by last touch, messaged vs held out, with the lift. */
  revenue: RevenueReport;
}

/** One entry of a 422's `errors` list: a path into the definition and a sentence. */
export interface ServerIssue {
  path: string;
  message: string;
}
