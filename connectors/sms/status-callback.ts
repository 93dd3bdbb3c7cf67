// Turns a Twilio status callback into a DeliveryUpdate; in-flight states (queued, sending) carry no news for us.
import type { DeliveryUpdate } from '../channel.ts';
import { mapTwilioCode } from './map-twilio-error.ts';

const FINAL_OR_PROGRESS: Record<string, DeliveryUpdate['status']> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  undelivered: 'failed',
  failed: 'failed',
};

export function statusUpdate(params: Record<string, string>, now: Date): DeliveryUpdate | undefined {
  const sid = params.MessageSid ?? params.SmsSid;
  const status = FINAL_OR_PROGRESS[(params.MessageStatus ?? params.SmsStatus ?? '').toLowerCase()];
  if (!sid || !status) return undefined;
  const update: DeliveryUpdate = { externalId: sid, status, at: now };
  if (status === 'failed') {
    const code = params.ErrorCode ? Number(params.ErrorCode) : undefined;
    update.error = {
      code: mapTwilioCode(code),
      message: params.ErrorMessage || (code ? `Twilio error ${code}` : `message ${params.MessageStatus}`),
    };
  }
  return update;
}
