// A campaign: one message to a segment (the same condition tree as workflows), scheduled and throttled.
import { z } from 'zod';
import { conditionSchema } from '../conditions/schema.ts';
import { channelOrderSchema, settingsSchema, templateSchema } from '../model.ts';
import { isoDay, isoTimestamp } from '../../server/lib/validators.ts';

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

export const campaignScheduleSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('now') }),
  z.object({ mode: z.literal('at'), at: isoTimestamp() }),
  /** The same wall-clock time in each contact's own zone (workspace zone when unknown). */
  z.object({ mode: z.literal('local_time'), date: isoDay(), time: clockTime }),
  /**
   * On that day, at each contact's own most responsive hour (the local hour they most often wrote at), learned from
   * their messages; `fallbackTime` for contacts with too little history.
   */
  z.object({ mode: z.literal('best_hour'), date: isoDay(), fallbackTime: clockTime }),
]);
export type CampaignSchedule = z.infer<typeof campaignScheduleSchema>;

export const campaignSchema = z.object({
  name: z.string().min(1),
  segment: conditionSchema,
  template: templateSchema,
  schedule: campaignScheduleSchema,
  /** At most this many sends start per minute, so a provider's rate limit and the inbox are not flooded. */
  throttlePerMinute: z.number().int().positive().optional(),
  /** The channels in order for this campaign's send, replacing the policy's order; absent = the policy. */
  channels: channelOrderSchema.optional(),
  settings: settingsSchema.default({ holdoutPercent: 0, quietHours: { start: '21:00', end: '09:00' } }),
});
export type Campaign = z.infer<typeof campaignSchema>;
export type CampaignInput = z.input<typeof campaignSchema>;
