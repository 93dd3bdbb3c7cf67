// Asks WhatsApp whether a phone number has an account before the first send to it, so a message to a
// number without WhatsApp fails as INVALID_RECIPIENT instead of being accepted and never delivered.
import { isPnUser } from '@whiskeysockets/baileys';
import { ChannelError } from '../channel.ts';
import { BoundedCache } from './bounded-cache.ts';
import type { WhatsAppSocket } from './socket.ts';

export class RecipientCheck {
  /** Numbers known to be on WhatsApp; a "no" is not cached, since the customer may install it later. */
  readonly #onWhatsApp = new BoundedCache(5_000);

  async assert(socket: WhatsAppSocket, jid: string): Promise<void> {
    // LIDs and groups are WhatsApp-native addresses already; Baileys cannot look LIDs up anyway.
    if (!isPnUser(jid) || !socket.onWhatsApp || this.#onWhatsApp.get(jid)) return;
    const [answer] = (await socket.onWhatsApp(jid)) ?? [];
    if (!answer) return; // no answer: let the send itself decide
    if (!answer.exists) throw new ChannelError('INVALID_RECIPIENT', `${jid.split('@')[0]} is not on WhatsApp`);
    this.#onWhatsApp.set(jid, true);
  }
}
