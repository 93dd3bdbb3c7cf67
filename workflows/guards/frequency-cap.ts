// Frequency cap: at most `max` automated messages per contact in a rolling `perDays` window.
import { DEFAULT_FREQUENCY_CAP } from '../model.ts';

const DAY_MS = 86_400_000;

export interface FrequencyCapDecision {
  allowed: boolean;
  reason: string;
  /** When the oldest counted message leaves the window, if capped. */
  freesAt?: Date;
}

export function frequencyCap(sentTimestamps: readonly Date[], now: Date, cap = DEFAULT_FREQUENCY_CAP): FrequencyCapDecision {
  const windowStart = now.getTime() - cap.perDays * DAY_MS;
  const inWindow = sentTimestamps
    .map((d) => d.getTime())
    .filter((t) => t > windowStart && t <= now.getTime())
    .sort((a, b) => a - b);
  if (inWindow.length < cap.max) {
    return { allowed: true, reason: `${inWindow.length} of ${cap.max} automated messages in the last ${cap.perDays} days` };
  }
  return {
    allowed: false,
    reason: `capped: ${inWindow.length} automated messages in the last ${cap.perDays} days (max ${cap.max})`,
    freesAt: new Date(inWindow[inWindow.length - cap.max] + cap.perDays * DAY_MS),
  };
}
