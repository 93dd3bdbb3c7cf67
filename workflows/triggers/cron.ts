// Schedule trigger: the next cron tick in the workspace zone (DST handled by cron-parser's tz support).
import { CronExpressionParser } from 'cron-parser';

export function cronNext(expr: string, zone: string, after: Date): Date {
  return CronExpressionParser.parse(expr, { currentDate: after, tz: zone }).next().toDate();
}

/** One run per contact per tick, however often the scheduler retries. */
export function scheduleOccurrenceKey(workflowId: string, contactId: string, tick: Date): string {
  return `schedule:${workflowId}:${contactId}:${tick.toISOString()}`;
}
