// WhatsApp message statuses (WebMessageInfo.Status) mapped to our delivery statuses.
import { proto } from '@whiskeysockets/baileys';
import type { DeliveryUpdate } from '../channel.ts';

const Status = proto.WebMessageInfo.Status;

/** Undefined for PENDING (still queued on our side) and anything unknown: nothing to report. */
export function deliveryStatus(status: number | null | undefined): DeliveryUpdate['status'] | undefined {
  switch (status) {
    case Status.SERVER_ACK:
      return 'sent';
    case Status.DELIVERY_ACK:
      return 'delivered';
    case Status.READ:
    case Status.PLAYED:
      return 'read';
    case Status.ERROR:
      return 'failed';
    default:
      return undefined;
  }
}
