// The SMS (Twilio) channel's configuration, parsed once when the channel is created.
import { z } from 'zod';
import { httpUrl } from '../../server/lib/http-url.ts';

export const smsConfigSchema = z
  .object({
    accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'a Twilio Account SID looks like AC followed by 32 hex digits'),
    authToken: z.string().min(1),
    /** Our sender number (E.164) or alphanumeric sender id. */
    from: z.string().min(1).optional(),
    messagingServiceSid: z
      .string()
      .regex(/^MG[0-9a-fA-F]{32}$/, 'a Messaging Service SID looks like MG followed by 32 hex digits')
      .optional(),
    /** A Twilio-compatible REST root instead of https://api.twilio.com (a local test server, a compatible provider). */
    apiRoot: httpUrl('http://127.0.0.1:4010').optional(),
    /** MMS media above this is recorded as refused. */
    maxAttachmentBytes: z
      .number()
      .int()
      .positive()
      .default(10 * 1024 * 1024),
  })
  .refine((c) => (c.from === undefined) !== (c.messagingServiceSid === undefined), {
    message: 'set exactly one of from or messagingServiceSid',
    path: ['from'],
  });

export type SmsConfig = z.infer<typeof smsConfigSchema>;
