// The typed JSON model of a workflow definition (one version): trigger, conditions, actions, templates, settings.
import { z } from 'zod';
import { type Condition, conditionSchema } from './conditions/schema.ts';
import { notRfmSegment, rfmSegmentCode } from './conditions/rfm-field.ts';
import { CHANNEL_KINDS } from '../connectors/channel-kinds.ts';
import type { ChannelOrder } from './channel-policy.ts';

export { type Condition, conditionSchema };

export const channelKindSchema = z.enum(CHANNEL_KINDS);
/** A send's channels in order (`['email', 'sms']`), or `'preferred'`: only the contact's preferred channel. */
export const channelOrderSchema: z.ZodType<ChannelOrder, ChannelOrder> = z.union([
  z
    .array(channelKindSchema)
    .min(1)
    .refine((kinds) => new Set(kinds).size === kinds.length, 'name each channel once'),
  z.literal('preferred'),
]);
const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a local time HH:mm');

/** A tracked customer event's name, as the events API takes it (`cart_abandoned`): a trigger naming another can never fire. */
export const TRACKED_EVENT_NAME = /^[a-z][a-z0-9_.:-]{0,99}$/;
export const TRACKED_EVENT_NAME_RULE = 'must be a lower-case event name such as cart_abandoned';

/**
 * An RFM trigger's segment: a code in any case, kept as the code since the trigger compares codes exactly. Another
 * name ("Champion", the Turkish one the Analytics screen shows) would never fire, so it is refused.
 */
const rfmSegmentCodeSchema = z.string().transform((name, ctx): string => {
  const code = rfmSegmentCode(name);
  if (code) return code;
  ctx.addIssue({ code: 'custom', message: notRfmSegment(name) });
  return z.NEVER;
});

export const EVENT_TYPES = ['message.received', 'conversation.created', 'conversation.resolved', 'label.added', 'order.placed', 'event.tracked', 'rfm.segment_changed', 'churn_risk.entered'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const triggerSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('event'),
    event: z.enum(EVENT_TYPES),
    /** For `label.added`: only this label. */
    label: z.string().min(1).optional(),
    /** For message events: only these channels. */
    channels: z.array(channelKindSchema).optional(),
    /** For `order.placed`: only the contact's nth order (1 = the first). */
    nth: z.number().int().min(1).optional(),
    /** For `order.placed`: only orders of at least this total in the workspace currency. */
    minAmount: z.number().nonnegative().optional(),
    /** For `event.tracked`: only events of this name (`cart_abandoned`). */
    name: z.string().regex(TRACKED_EVENT_NAME, TRACKED_EVENT_NAME_RULE).optional(),
    /** For `event.tracked`: only events whose properties have these values (each compared as `eq` does). */
    properties: z.record(z.string().min(1).max(100), z.union([z.string(), z.number(), z.boolean()])).optional(),
    /** For `rfm.segment_changed`: only changes into one of these segments, or out of one of these. */
    to: z.array(rfmSegmentCodeSchema).optional(),
    from: z.array(rfmSegmentCodeSchema).optional(),
  }),
  z.object({ type: z.literal('schedule'), cron: z.string().min(1) }),
  z.object({
    type: z.literal('date_attribute'),
    /** `birthday` or `attributes.<key>` holding `MM-DD` / `YYYY-MM-DD`. */
    field: z.string().regex(/^(birthday|attributes\.[A-Za-z_]\w*)$/),
    at: localTime.default('09:00'),
  }),
  z.object({ type: z.literal('inactivity'), days: z.number().int().positive() }),
  z.object({ type: z.literal('segment_entry'), segment: conditionSchema }),
]);
export type Trigger = z.infer<typeof triggerSchema>;

export const durationSchema = z
  .object({ days: z.number().int().nonnegative().optional(), hours: z.number().int().nonnegative().optional(), minutes: z.number().int().nonnegative().optional() })
  .refine((d) => (d.days ?? 0) + (d.hours ?? 0) + (d.minutes ?? 0) > 0, 'a duration must be longer than zero');
export type Duration = z.infer<typeof durationSchema>;

const stepId = z.string().regex(/^[a-z0-9][a-z0-9-_]*$/i, 'step ids are short slugs like send-greeting');

export type Action =
  | { id: string; type: 'send_template'; template: string; purpose?: 'marketing' | 'service'; channel?: 'policy' | 'conversation'; channels?: ChannelOrder }
  | { id: string; type: 'wait'; duration?: Duration; untilLocalTime?: string }
  | { id: string; type: 'wait_for_reply'; within: Duration; record?: 'reactivated' | 'nps' | 'csat' }
  | { id: string; type: 'branch'; if: Condition; then: Action[]; else?: Action[] }
  | { id: string; type: 'assign'; agentId?: string; teamId?: string; roundRobin?: boolean }
  | { id: string; type: 'add_label'; label: string }
  | { id: string; type: 'set_priority'; priority: 'low' | 'medium' | 'high' | 'urgent' }
  | { id: string; type: 'add_note'; body: string }
  | { id: string; type: 'start_sla'; firstResponseMinutes: number; escalateToTeamId?: string }
  | { id: string; type: 'call_webhook'; url: string; secretRef: string }
  | { id: string; type: 'stop' };

export const actionSchema: z.ZodType<Action, Action> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.object({
      id: stepId,
      type: z.literal('send_template'),
      template: z.string().min(1),
      /** Marketing needs marketing consent and obeys quiet hours and the cap; service answers a conversation. */
      purpose: z.enum(['marketing', 'service']).optional(),
      /** `policy`: preferred channel, then the next with consent; `conversation`: the channel the customer wrote on. */
      channel: z.enum(['policy', 'conversation']).optional(),
      /** This step's own channel order, replacing the policy's: `['email', 'sms']`, or `'preferred'` (that channel only). */
      channels: channelOrderSchema.optional(),
    }),
    z
      .object({ id: stepId, type: z.literal('wait'), duration: durationSchema.optional(), untilLocalTime: localTime.optional() })
      .refine((w) => Boolean(w.duration) !== Boolean(w.untilLocalTime), 'a wait has either a duration or untilLocalTime'),
    z.object({ id: stepId, type: z.literal('wait_for_reply'), within: durationSchema, record: z.enum(['reactivated', 'nps', 'csat']).optional() }),
    z.object({ id: stepId, type: z.literal('branch'), if: conditionSchema, then: z.array(actionSchema), else: z.array(actionSchema).optional() }),
    z
      .object({ id: stepId, type: z.literal('assign'), agentId: z.string().optional(), teamId: z.string().optional(), roundRobin: z.boolean().optional() })
      .refine((a) => Boolean(a.agentId) !== Boolean(a.teamId), 'assign to exactly one of agentId or teamId'),
    z.object({ id: stepId, type: z.literal('add_label'), label: z.string().min(1) }),
    z.object({ id: stepId, type: z.literal('set_priority'), priority: z.enum(['low', 'medium', 'high', 'urgent']) }),
    z.object({ id: stepId, type: z.literal('add_note'), body: z.string().min(1) }),
    z.object({ id: stepId, type: z.literal('start_sla'), firstResponseMinutes: z.number().int().positive(), escalateToTeamId: z.string().optional() }),
    /** The body is signed with HMAC-SHA256 using the workspace secret named by `secretRef`. */
    z.object({ id: stepId, type: z.literal('call_webhook'), url: z.url({ protocol: /^https?$/ }), secretRef: z.string().min(1) }),
    z.object({ id: stepId, type: z.literal('stop') }),
  ]),
);

export const templateSchema = z.object({
  fallbackLanguage: z.string().min(2),
  /** Keyed by BCP 47 tag (`en`, `tr`, `pt-BR`). */
  languages: z.record(z.string().min(2), z.object({ subject: z.string().optional(), body: z.string().min(1) })),
});
export type TemplateDefinition = z.infer<typeof templateSchema>;

export interface QuietHoursWindow {
  start: string;
  end: string;
}
export const DEFAULT_QUIET_HOURS: QuietHoursWindow = { start: '21:00', end: '09:00' };
export const DEFAULT_FREQUENCY_CAP = { max: 3, perDays: 7 };

export const settingsSchema = z.object({
  holdoutPercent: z.number().min(0).max(100).default(0),
  /** `null` turns quiet hours off for this workflow (e.g. service replies). */
  quietHours: z.object({ start: localTime, end: localTime }).nullable().default(DEFAULT_QUIET_HOURS),
  frequencyCap: z.object({ max: z.number().int().positive(), perDays: z.number().int().positive() }).optional(),
  /** Measure: a reply within this many days counts as converted (reactivation lift). */
  conversionWindowDays: z.number().int().positive().optional(),
  /** Each run gets its own coupon code (`{{coupon}}`, `{{coupon.amount | money}}`), listed for the shop to honour. */
  coupon: z
    .object({
      prefix: z.string().regex(/^[A-Z0-9]{1,12}$/, 'a coupon prefix is 1–12 capital letters or digits'),
      amount: z.number().positive(),
      validDays: z.number().int().min(1).max(3650).default(30),
    })
    .optional(),
});
export type WorkflowSettings = z.infer<typeof settingsSchema>;

export const workflowSchema = z.object({
  name: z.string().min(1),
  trigger: triggerSchema,
  conditions: conditionSchema.optional(),
  actions: z.array(actionSchema).min(1),
  templates: z.record(z.string().min(1), templateSchema).default({}),
  settings: settingsSchema.default({ holdoutPercent: 0, quietHours: DEFAULT_QUIET_HOURS }),
});
/** A parsed definition, defaults applied. */
export type WorkflowDefinition = z.infer<typeof workflowSchema>;
/** What a client sends or a preset writes, before defaults. */
export type WorkflowInput = z.input<typeof workflowSchema>;
