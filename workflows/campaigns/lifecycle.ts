// Campaign lifecycle: which commands are allowed in which state, and progress for the UI.

export type CampaignStatus = 'draft' | 'scheduled' | 'running' | 'paused' | 'completed' | 'cancelled';
export type CampaignCommand = 'schedule' | 'start' | 'pause' | 'resume' | 'cancel' | 'complete';

const TRANSITIONS: Record<CampaignStatus, Partial<Record<CampaignCommand, CampaignStatus>>> = {
  draft: { schedule: 'scheduled', start: 'running', cancel: 'cancelled' },
  scheduled: { start: 'running', pause: 'paused', cancel: 'cancelled' },
  running: { pause: 'paused', cancel: 'cancelled', complete: 'completed' },
  paused: { resume: 'running', cancel: 'cancelled' },
  completed: {},
  cancelled: {},
};

/**
 * The status the API reports: a running campaign is `sending` until every message is final (the tick marks it
 * completed only then). The stored state keeps its name, so stored rows and transitions are unchanged.
 */
export type ReportedCampaignStatus = Exclude<CampaignStatus, 'running'> | 'sending';

export function reportedStatus(status: CampaignStatus): ReportedCampaignStatus {
  return status === 'running' ? 'sending' : status;
}

export type TransitionResult = { ok: true; status: CampaignStatus } | { ok: false; error: string };

export function transition(status: CampaignStatus, command: CampaignCommand): TransitionResult {
  const next = TRANSITIONS[status][command];
  return next ? { ok: true, status: next } : { ok: false, error: `cannot ${command} a ${status} campaign` };
}

/** The commands a marketer can give a campaign in this state (what the screen offers as buttons). */
export const MARKETER_COMMANDS = ['start', 'pause', 'resume', 'cancel'] as const;
export type MarketerCommand = (typeof MARKETER_COMMANDS)[number];

export function commandsFor(status: CampaignStatus): MarketerCommand[] {
  return MARKETER_COMMANDS.filter((command) => TRANSITIONS[status][command] !== undefined);
}

export interface CampaignCounts {
  total: number;
  sent: number;
  failed: number;
  skipped: number;
}

export function campaignProgress(counts: CampaignCounts): CampaignCounts & { pending: number; percent: number } {
  const handled = counts.sent + counts.failed + counts.skipped;
  const percent = counts.total === 0 ? 100 : Math.floor((handled / counts.total) * 100);
  return { ...counts, pending: Math.max(0, counts.total - handled), percent };
}
