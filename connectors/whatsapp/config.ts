// The WhatsApp channel's configuration: no secrets, the session itself lives in channel state.
import { z } from 'zod';

export const whatsappConfigSchema = z.object({
  /** Digits with country code (e.g. 905321234567): log in with a pairing code instead of a QR. */
  phoneNumber: z
    .string()
    .transform((value) => value.replace(/[^\d]/g, ''))
    .pipe(z.string().min(7, 'phoneNumber needs the country code and number'))
    .optional(),
  allowGroups: z.boolean().default(false),
  sendRatePerSecond: z.number().positive().max(50).default(1),
  /** The device name the phone shows under "Linked devices" (default "Ulak"). */
  browserName: z.string().min(1).optional(),
});

export type WhatsAppConfig = z.infer<typeof whatsappConfigSchema>;
