// What a macro is: a name and the steps it applies to the open conversation, in order. Also the web's types.
import { z } from 'zod';

export const MAX_MACRO_STEPS = 20;
const labelName = z.string().trim().min(1).max(50);

export const macroAction = z.discriminatedUnion('type', [
  z
    .object({ type: z.literal('label'), add: z.array(labelName).max(50).default([]), remove: z.array(labelName).max(50).default([]) })
    .refine((a) => a.add.length || a.remove.length, { message: 'add or remove at least one label', path: ['add'] }),
  /** `me` is whoever runs the macro; null leaves it unassigned. */
  z.object({ type: z.literal('assign'), userId: z.union([z.literal('me'), z.uuid()]).nullable() }),
  /** A canned response, its variables ({{contact.firstName}} …) filled for the conversation's customer. */
  z.object({ type: z.literal('reply'), cannedResponseId: z.uuid() }),
  z.object({ type: z.literal('resolve') }),
  z.object({
    type: z.literal('snooze'),
    hours: z
      .number()
      .int()
      .min(1)
      .max(24 * 90),
  }),
]);

export const macroBody = z.object({
  name: z.string().trim().min(1).max(100),
  actions: z.array(macroAction).min(1).max(MAX_MACRO_STEPS),
});

export type MacroAction = z.infer<typeof macroAction>;
export type MacroInput = z.input<typeof macroBody>;

/** What running a macro answers: the replies it queued, in order. */
export interface MacroRunResult {
  macroId: string;
  conversationId: string;
  messageIds: string[];
}
