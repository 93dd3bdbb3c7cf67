// Turns `POST /api/workflows/presets/:name` options into a preset definition, with the workspace's defaults.
import { asc } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { teams } from '../db/schema/index.ts';
import {
  abandonedCartPreset,
  birthdayPreset,
  churnWinBackPreset,
  complaintPreset,
  reactivationPreset,
  satisfactionPreset,
  thankYouPreset,
  vipOfferPreset,
  type WorkflowInput,
} from '../../workflows/index.ts';

export const PRESETS = ['birthday', 'reactivation', 'complaint', 'satisfaction', 'thank-you', 'abandoned-cart', 'vip-offer', 'churn-win-back'] as const;
export type PresetName = (typeof PRESETS)[number];

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
export const presetOptions = z.object({
  /** The workflow's name, in the workspace's language (the preset's English name when left out). */
  name: z.string().trim().min(1).max(200).optional(),
  atLocalTime: hhmm.optional(),
  withCoupon: z.boolean().optional(),
  coupon: z
    .object({
      prefix: z
        .string()
        .regex(/^[A-Z0-9]{1,12}$/)
        .optional(),
      amount: z.number().positive().optional(),
      validDays: z.number().int().min(1).max(3650).optional(),
    })
    .optional(),
  inactiveDays: z.number().int().min(1).max(3650).optional(),
  replyWithinDays: z.number().int().min(1).max(365).optional(),
  holdoutPercent: z.number().min(0).max(100).optional(),
  teamId: z.uuid().optional(),
  threshold: z.number().min(0).max(1).optional(),
  acknowledge: z.boolean().optional(),
  firstResponseMinutes: z.number().int().min(1).max(10_080).optional(),
  escalateToTeamId: z.uuid().optional(),
  scale: z.enum(['nps', 'csat']).optional(),
  waitHours: z.number().int().min(1).max(720).optional(),
  firstOrderOnly: z.boolean().optional(),
  /** A preset opens as a draft; it goes live only when the marketer asks for it. */
  enabled: z.boolean().default(false),
  /** The preset's label names in the workspace's words, e.g. `{ complaint: "şikayet" }` to reuse an existing label. */
  labels: z.object({ complaint: z.string().trim().min(1).max(100).optional() }).default({}),
});

export async function presetDefinition(db: Db, name: PresetName, options: z.infer<typeof presetOptions>): Promise<WorkflowInput> {
  switch (name) {
    case 'birthday':
      return birthdayPreset(options);
    case 'reactivation':
      return reactivationPreset(options);
    case 'satisfaction':
      return satisfactionPreset(options);
    case 'thank-you':
      return thankYouPreset(options);
    case 'abandoned-cart':
      return abandonedCartPreset(options);
    case 'vip-offer':
      return vipOfferPreset(options);
    case 'churn-win-back':
      return churnWinBackPreset(options);
    case 'complaint': {
      // Without a team named, the first team takes complaints; a workspace with no team yet gets the preset without
      // the assign step (a marketer cannot create teams), to add in the editor once there is one.
      const teamId = options.teamId ?? (await db.select({ id: teams.id }).from(teams).orderBy(asc(teams.name)).limit(1))[0]?.id;
      return complaintPreset({ ...options, ...(teamId && { teamId }), label: options.labels.complaint });
    }
  }
}
