// What a profile edit accepts (PATCH /api/contacts/:id). Also the web's request type (server/http/api-types.ts), which is
// why this file imports nothing that runs beyond zod and the validators.
import { z } from 'zod';
import { CHANNEL_KINDS } from '../../connectors/channel-kinds.ts';
import { isCurrency, isTimeZone, parseBirthday } from '../lib/validators.ts';

/** The longest name a contact keeps, whether an agent types it or a sender's email or channel says it. */
export const CONTACT_NAME_MAX = 200;

export const contactPatch = z
  .object({
    name: z.string().trim().min(1).max(CONTACT_NAME_MAX).nullable(),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as tr or en-GB')
      .nullable(),
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Istanbul').nullable(),
    currency: z.string().refine(isCurrency, 'must be an ISO 4217 currency code such as TRY').nullable(),
    birthday: z
      .string()
      .refine((v) => !!parseBirthday(v), 'must be MM-DD or YYYY-MM-DD and a real date')
      .nullable(),
    preferredChannel: z.enum(CHANNEL_KINDS).nullable(),
    attributes: z.record(z.string().max(100), z.union([z.string().max(2000), z.number(), z.boolean(), z.array(z.string().max(200)).max(100), z.null()])),
    labels: z.array(z.string().trim().min(1).max(50)).max(50),
  })
  .partial();
