// JID helpers: who sent an inbound message (phone JID, LID, phone number) and where an outbound one goes.
import { isJidGroup, isLidUser, isPnUser, jidDecode, jidNormalizedUser, type WAMessageKey } from '@whiskeysockets/baileys';
import { ChannelError, type Identity } from '../channel.ts';

/** The sender's JIDs: in a group the participant, in a chat the chat; the `*Alt` field holds the other addressing mode. */
export function senderIdentities(key: WAMessageKey): Identity[] {
  const group = isJidGroup(key.remoteJid ?? undefined);
  const jids = (group ? [key.participant, key.participantAlt] : [key.remoteJid, key.remoteJidAlt]).filter((jid): jid is string => !!jid).map((jid) => jidNormalizedUser(jid));
  const pn = jids.find((jid) => isPnUser(jid));
  const lid = jids.find((jid) => isLidUser(jid));
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
