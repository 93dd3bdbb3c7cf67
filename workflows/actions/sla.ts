// SLA clock for a complaint: due time for the first response, and whether it is breached.

export interface SlaClock {
  startedAt: Date;
  firstResponseMinutes: number;
  /** When an agent first answered; the clock stops there. */
  firstRespondedAt?: Date;
}

export function slaDueAt(clock: SlaClock): Date {
  return new Date(clock.startedAt.getTime() + clock.firstResponseMinutes * 60_000);
}

export type SlaState = { state: 'met'; at: Date } | { state: 'running'; dueAt: Date } | { state: 'breached'; dueAt: Date };

/** The engine schedules a check at `dueAt`; `breached` there means escalate. */
export function slaState(clock: SlaClock, now: Date): SlaState {
  const dueAt = slaDueAt(clock);
  if (clock.firstRespondedAt && clock.firstRespondedAt.getTime() <= dueAt.getTime()) return { state: 'met', at: clock.firstRespondedAt };
  if (clock.firstRespondedAt || now.getTime() > dueAt.getTime()) return { state: 'breached', dueAt };
  return { state: 'running', dueAt };
}
