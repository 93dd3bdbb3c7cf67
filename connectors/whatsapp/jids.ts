// JID helpers: who sent an inbound message (phone JID, LID, phone number) and where an outbound one goes.
import { isJidGroup, isLidUser, isPnUser, jidDecode, jidNormalizedUser, type WAMessageKey } from '@whiskeysockets/baileys';
import { ChannelError, type Identity } from '../channel.ts';

/** Among `jids` (device suffixes dropped), the phone-number JID and the LID: one user's two addresses. */
export function pnAndLid(...jids: Array<string | null | undefined>): { pn?: string; lid?: string } {
  const normalized = jids.filter((jid): jid is string => !!jid).map((jid) => jidNormalizedUser(jid));
  return { pn: normalized.find((jid) => isPnUser(jid)), lid: normalized.find((jid) => isLidUser(jid)) };
}

/** The sender's addresses: in a group the participant's, in a chat the chat's; the `*Alt` field holds the other addressing mode. */
export function senderAddresses(key: WAMessageKey): { pn?: string; lid?: string } {
  return isJidGroup(key.remoteJid ?? undefined) ? pnAndLid(key.participant, key.participantAlt) : pnAndLid(key.remoteJid, key.remoteJidAlt);
}

/** The sender's identities: their phone-number JID and LID, each naming the other, and their phone number. */
export function senderIdentities(key: WAMessageKey): Identity[] {
  const { pn, lid } = senderAddresses(key);
  const identities: Identity[] = [];
  if (pn) identities.push({ kind: 'whatsapp', value: pn, ...(lid ? { attributes: { lid } } : {}) });
  if (lid) identities.push({ kind: 'whatsapp', value: lid, ...(pn ? { attributes: { pn } } : {}) });
  const digits = pn ? jidDecode(pn)?.user : undefined;
  // The same E.164 an SMS from this number carries, so both channels meet on one contact.
  if (digits) identities.push({ kind: 'phone', value: `+${digits}` });
  return identities;
}

/** The chat JID to send to, from a `whatsapp` identity (a JID) or a `phone` one (E.164). */
export function recipientJid(to: Identity): string {
  if (to.kind === 'whatsapp' && to.value.includes('@')) {
    const jid = jidNormalizedUser(to.value);
    if (jid && (isPnUser(jid) || isLidUser(jid) || isJidGroup(jid))) return jid;
  } else if (to.kind === 'whatsapp' || to.kind === 'phone') {
    const digits = to.value.replace(/[^\d]/g, '');
    if (digits.length >= 7 && digits.length <= 15) return `${digits}@s.whatsapp.net`;
  }
  throw new ChannelError('INVALID_RECIPIENT', `Cannot address a WhatsApp message to ${to.kind} "${to.value}"`);
}
